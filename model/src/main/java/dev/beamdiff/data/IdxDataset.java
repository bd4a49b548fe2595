package dev.beamdiff.data;

import dev.beamdiff.data.idx.IdxArray;
import dev.beamdiff.data.idx.IdxFormatException;
import dev.beamdiff.data.idx.IdxReader;
import java.nio.file.Path;

/**
 * An MNIST-format dataset loaded from a folder: train and test splits, each an image file and a
 * label file. Loading checks every file's structure, its checksum when the spec knows it, that
 * image and label counts agree and that labels are valid class indices.
 *
 * @param source where the folder came from, for display (e.g. "Debian package")
 */
public record IdxDataset(
    IdxDatasetSpec spec, Path dir, String source, LabeledImages train, LabeledImages test) {

  /** Loads and verifies the four files of {@code spec} in {@code located}. */
  public static IdxDataset load(IdxDatasetSpec spec, DatasetLocation located) {
    Path dir = located.dir();
    LabeledImages train =
        split(
            spec,
            located.file(IdxDatasetSpec.TRAIN_IMAGES),
            located.file(IdxDatasetSpec.TRAIN_LABELS));
    LabeledImages test =
        split(
            spec,
            located.file(IdxDatasetSpec.TEST_IMAGES),
            located.file(IdxDatasetSpec.TEST_LABELS));
    return new IdxDataset(spec, dir, located.description(), train, test);
  }

  private static LabeledImages split(IdxDatasetSpec spec, Path imageFile, Path labelFile) {
    IdxArray images = IdxReader.parse(imageFile, verifiedContent(spec, imageFile), 3);
    IdxArray labels = IdxReader.parse(labelFile, verifiedContent(spec, labelFile), 1);
    if (images.count() != labels.count()) {
      throw new IdxFormatException(
          labelFile,
          "holds "
              + labels.count()
              + " labels but "
              + imageFile
              + " holds "
              + images.count()
              + " images; the two files must have the same count");
    }
    int[] labelValues = new int[labels.count()];
    int classes = spec.classNames().size();
    for (int i = 0; i < labelValues.length; i++) {
      labelValues[i] = labels.unsigned(i);
      if (labelValues[i] >= classes) {
        throw new IdxFormatException(
            labelFile,
            "label "
                + labelValues[i]
                + " at index "
                + i
                + " is not a class index in [0, "
                + classes
                + ")");
      }
    }
    int[] dims = images.dims();
    return new LabeledImages(
        images.count(), dims[1], dims[2], 1, images.data(), labelValues, spec.classNames());
  }

  /** The file's uncompressed content, checked against the spec's SHA-256 when it has one. */
  static byte[] verifiedContent(IdxDatasetSpec spec, Path file) {
    return verifiedContent(spec, canonicalName(file), file);
  }

  /** As {@link #verifiedContent(IdxDatasetSpec, Path)} for a file stored under another name. */
  static byte[] verifiedContent(IdxDatasetSpec spec, String name, Path file) {
    byte[] content = IdxReader.readContent(file);
    String expected = spec.contentSha256().get(name);
    if (expected != null) {
      String actual = ContentChecksum.sha256(content);
      if (!expected.equals(actual)) {
        throw new DatasetException(
            file
                + ": SHA-256 of the uncompressed content is "
                + actual
                + ", expected "
                + expected
                + " (the file is corrupt, or is not the "
                + spec.displayName()
                + " release). Delete it and run the command again to fetch a fresh copy.");
      }
    }
    return content;
  }

  /** The spec's name for a file that may be stored uncompressed (without ".gz"). */
  static String canonicalName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".gz") ? name : name + ".gz";
  }
}
