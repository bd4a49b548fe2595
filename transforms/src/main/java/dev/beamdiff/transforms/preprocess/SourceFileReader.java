package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.image.ImageDecoder;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns one matched input file into raw {@link ImageRecord}s: one for an image file, many for an
 * IDX or CIFAR-10 file, none for an IDX label file (read with its image file). Anything wrong with
 * the file is thrown, for the caller to send to the dead-letter output.
 */
final class SourceFileReader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Largest compressed image file worth reading: 8 bytes a pixel (16-bit RGBA) plus 1 MiB. */
  private static final long BYTES_PER_PIXEL_BOUND = 8;

  /** Largest file that fits in one Java array. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final SourceFormat format;
  private final SourceIds ids;
  private final long maxPixels;
  private final Counter read = PreprocessMetrics.counter(PreprocessMetrics.IMAGES_READ);
  private final Counter companions = PreprocessMetrics.counter(PreprocessMetrics.COMPANION_FILES);

  SourceFileReader(SourceFormat format, SourceIds ids, long maxPixels) {
    this.format = format;
    this.ids = ids;
    this.maxPixels = maxPixels;
  }

  /**
   * The records of {@code file}.
   *
   * @param classNames sorted class folder names when labelling by folder, else {@code null}
   */
  Iterable<ImageRecord> read(FileIO.ReadableFile file, @Nullable List<String> classNames)
      throws IOException {
    ResourceId resource = file.getMetadata().resourceId();
    String name = resource.getFilename() == null ? "" : resource.getFilename();
    if (format.isCompanion(name)) {
      companions.inc();
      return List.of();
    }
    String uri = resource.toString();
    String id = ids.idOf(uri);
    SourceFormat kind = format.of(name);
    long size = file.getMetadata().sizeBytes();
    long limit = MAX_ARRAY_BYTES;
    if (kind == SourceFormat.IMAGE && maxPixels < MAX_ARRAY_BYTES / BYTES_PER_PIXEL_BOUND) {
      limit = Math.min(limit, maxPixels * BYTES_PER_PIXEL_BOUND + (1 << 20));
    }
    if (size > limit) {
      throw new IllegalArgumentException(
          String.format(
              "file of %d bytes is larger than the %d-byte limit for %s files%s",
              size,
              limit,
              kind.label(),
              limit < MAX_ARRAY_BYTES ? " (8 bytes a pixel of --maxPixels, plus 1 MiB)" : ""));
    }
    byte[] content = file.readFullyAsBytes();
    List<ImageRecord> records =
        switch (kind) {
          case IDX -> IdxImages.read(resource, content, id);
          case CIFAR10 -> Cifar10Batches.read(content, uri, id);
          default -> List.of(imageFile(content, uri, id, classNames));
        };
    return counted(records);
  }

  private ImageRecord imageFile(
      byte[] content, String uri, String id, @Nullable List<String> classNames) {
    UInt8Image image = ImageDecoder.decode(content, maxPixels);
    int label = -1;
    String className = null;
    if (classNames != null) {
      className = ClassFolders.folderOf(uri);
      label = classNames.indexOf(className);
    }
    return ImageRecords.raw(id, uri, label, className, image);
  }

  /** {@code records}, counting each as the runner takes it. */
  private Iterable<ImageRecord> counted(List<ImageRecord> records) {
    return () ->
        new Iterator<>() {
          private final Iterator<ImageRecord> it = records.iterator();

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public ImageRecord next() {
            read.inc();
            return it.next();
          }
        };
  }
}
