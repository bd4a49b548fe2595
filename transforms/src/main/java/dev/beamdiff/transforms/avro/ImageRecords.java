package dev.beamdiff.transforms.avro;

import dev.beamdiff.transforms.image.ImageDecoder;
import dev.beamdiff.transforms.image.PngEncoder;
import dev.beamdiff.transforms.image.UInt8Image;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/** Builds {@link ImageRecord}s and reads their pixels, in either {@link PixelEncoding}. */
public final class ImageRecords {
  /** The {@code schemaVersion} this code writes and the only one it reads. */
  public static final int SCHEMA_VERSION = 1;

  private ImageRecords() {}

  /** The Beam coder of image records: Avro's specific (generated-class) encoding. */
  public static AvroCoder<ImageRecord> coder() {
    return AvroCoder.specific(ImageRecord.class);
  }

  /** A record holding {@code image} as raw HWC bytes. */
  public static ImageRecord raw(
      String id, String sourceUri, int label, String className, UInt8Image image) {
    return ImageRecord.newBuilder()
        .setSchemaVersion(SCHEMA_VERSION)
        .setId(id)
        .setSourceUri(sourceUri)
        .setLabel(label)
        .setClassName(className)
        .setHeight(image.height())
        .setWidth(image.width())
        .setChannels(image.channels())
        .setEncoding(PixelEncoding.RAW_UINT8_HWC)
        .setPixels(ByteBuffer.wrap(image.pixels()))
        .build();
  }

  /** {@code record} with its pixels replaced by {@code image}, stored raw. */
  public static ImageRecord withImage(ImageRecord record, UInt8Image image) {
    return ImageRecord.newBuilder(record)
        .setHeight(image.height())
        .setWidth(image.width())
        .setChannels(image.channels())
        .setEncoding(PixelEncoding.RAW_UINT8_HWC)
        .setPixels(ByteBuffer.wrap(image.pixels()))
        .build();
  }

  /** {@code record} with its pixels stored in {@code encoding}; the same record if they are. */
  public static ImageRecord encoded(ImageRecord record, PixelEncoding encoding) {
    if (record.getEncoding() == encoding) {
      return record;
    }
    UInt8Image image = image(record);
    byte[] bytes = encoding == PixelEncoding.PNG ? PngEncoder.encode(image) : image.pixels();
    return ImageRecord.newBuilder(record)
        .setEncoding(encoding)
        .setPixels(ByteBuffer.wrap(bytes))
        .build();
  }

  /**
   * The record's pixels as an image, decoding PNG if needed.
   *
   * @throws IllegalArgumentException if the pixels do not match the record's height, width and
   *     channels, or its schema version is unknown
   */
  public static UInt8Image image(ImageRecord record) {
    checkVersion(record);
    byte[] bytes = bytes(record.getPixels());
    UInt8Image image;
    try {
      image =
          switch (record.getEncoding()) {
            case RAW_UINT8_HWC ->
                new UInt8Image(record.getHeight(), record.getWidth(), record.getChannels(), bytes);
            case PNG -> ImageDecoder.decode(bytes, (long) record.getHeight() * record.getWidth());
          };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "record " + record.getId() + ": unreadable pixels: " + e.getMessage(), e);
    }
    if (image.height() != record.getHeight()
        || image.width() != record.getWidth()
        || image.channels() != record.getChannels()) {
      throw new IllegalArgumentException(
          String.format(
              "record %s: its PNG is %d×%d×%d but the record says %d×%d×%d (height×width×channels)",
              record.getId(),
              image.height(),
              image.width(),
              image.channels(),
              record.getHeight(),
              record.getWidth(),
              record.getChannels()));
    }
    return image;
  }

  /** The encoding named {@code name} on command lines: "raw" or "png" (any case). */
  public static PixelEncoding parseEncoding(String name) {
    for (PixelEncoding encoding : PixelEncoding.values()) {
      if (encodingLabel(encoding).equalsIgnoreCase(name)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException(
        "unknown pixel encoding '" + name + "': expected one of [raw, png]");
  }

  /** The command-line name of {@code encoding}: "raw" or "png". */
  public static String encodingLabel(PixelEncoding encoding) {
    return encoding == PixelEncoding.RAW_UINT8_HWC ? "raw" : "png";
  }

  /** Rejects records written with a schema version this code does not know. */
  public static void checkVersion(ImageRecord record) {
    if (record.getSchemaVersion() != SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          "record "
              + record.getId()
              + " has schema version "
              + record.getSchemaVersion()
              + "; this BeamDiff reads version "
              + SCHEMA_VERSION
              + " (re-run beamdiff preprocess, or use the BeamDiff that wrote it)");
    }
  }

  /** A copy of the buffer's remaining bytes; the buffer itself (shared by Avro) is not moved. */
  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
