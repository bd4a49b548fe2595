package dev.beamdiff.transforms.metrics.image;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.PixelEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;

/**
 * Turns evaluation inputs into {@link DecodedImage}s: Avro {@link ImageRecord}s (raw HWC bytes or
 * PNG) and encoded image files (PNG, JPEG, BMP, GIF through {@code javax.imageio}). 8-bit gray
 * stays gray; everything else becomes RGB with alpha dropped, as Pillow's {@code convert('RGB')}
 * does for clean-fid. Failures are {@link IllegalArgumentException}s naming the input.
 */
public final class ImageDecoding {
  /** The {@code schemaVersion} of {@link ImageRecord} this code reads. */
  public static final int SUPPORTED_SCHEMA_VERSION = 1;

  private ImageDecoding() {}

  /** Decodes an Avro image record, checking its declared size against its pixels. */
  public static DecodedImage fromRecord(ImageRecord record) {
    String source = "record " + record.getId() + " (" + record.getSourceUri() + ")";
    if (record.getSchemaVersion() != SUPPORTED_SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          source
              + ": schemaVersion "
              + record.getSchemaVersion()
              + " is not supported; this reader knows version "
              + SUPPORTED_SCHEMA_VERSION);
    }
    byte[] bytes = toArray(record.getPixels());
    if (record.getEncoding() == PixelEncoding.RAW_UINT8_HWC) {
      return new DecodedImage(
          source, record.getHeight(), record.getWidth(), record.getChannels(), bytes);
    }
    DecodedImage decoded = fromEncodedBytes(source, bytes);
    if (decoded.height() != record.getHeight()
        || decoded.width() != record.getWidth()
        || decoded.channels() != record.getChannels()) {
      throw new IllegalArgumentException(
          source
              + ": the record declares "
              + record.getHeight()
              + "×"
              + record.getWidth()
              + "×"
              + record.getChannels()
              + " but its PNG holds "
              + decoded.height()
              + "×"
              + decoded.width()
              + "×"
              + decoded.channels());
    }
    return decoded;
  }

  /** Decodes an encoded image file's bytes. */
  public static DecodedImage fromEncodedBytes(String source, byte[] bytes) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          source + ": cannot decode the image: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new IllegalArgumentException(
          source + ": not an image format this reader knows (expected PNG, JPEG, BMP or GIF)");
    }
    return fromBufferedImage(source, image);
  }

  /** Converts a decoded AWT image: 8-bit gray stays gray, anything else becomes 8-bit RGB. */
  public static DecodedImage fromBufferedImage(String source, BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      Raster raster = image.getRaster();
      byte[] pixels = new byte[h * w];
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          pixels[y * w + x] = (byte) row[x];
        }
      }
      return new DecodedImage(source, h, w, 1, pixels);
    }
    byte[] pixels = new byte[h * w * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int i = (y * w + x) * 3;
        pixels[i] = (byte) (argb >> 16);
        pixels[i + 1] = (byte) (argb >> 8);
        pixels[i + 2] = (byte) argb;
      }
    }
    return new DecodedImage(source, h, w, 3, pixels);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** Encodes an image as PNG (used by tests and tools writing evaluation inputs). */
  public static byte[] toPng(DecodedImage image) {
    int type = image.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage out = new BufferedImage(image.width(), image.height(), type);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        if (image.channels() == 1) {
          out.getRaster().setSample(x, y, 0, image.get(y, x, 0));
        } else {
          out.setRGB(
              x, y, (image.get(y, x, 0) << 16) | (image.get(y, x, 1) << 8) | image.get(y, x, 2));
        }
      }
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      ImageIO.write(out, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
