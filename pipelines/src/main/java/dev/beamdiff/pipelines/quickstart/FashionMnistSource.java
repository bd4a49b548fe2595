package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.data.DatasetException;
import dev.beamdiff.data.DatasetLocation;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.LabeledImages;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Fashion-MNIST IDX files the quickstart starts from, found (and checked) as {@code beamdiff
 * data} does, loaded only when a stage needs them. With a subset, the first images of each split
 * are written as smaller IDX files, which the stages then read instead.
 */
final class FashionMnistSource {
  private final Path dataDir;
  private final int subset;
  private final Path subsetDir;
  private DatasetLocation location;
  private IdxDataset dataset;

  FashionMnistSource(Path dataDir, int subset, Path subsetDir) {
    this.dataDir = dataDir;
    this.subset = subset;
    this.subsetDir = subsetDir;
  }

  /** Both splits, loaded on first use. */
  IdxDataset dataset() {
    if (dataset == null) {
      dataset = IdxDataset.load(IdxDatasetSpec.FASHION_MNIST, location());
    }
    return dataset;
  }

  /** The training split's images (the subset if one is set). */
  LabeledImages train() {
    return limited(dataset().train());
  }

  /** The test split's images (the subset if one is set). */
  LabeledImages test() {
    return limited(dataset().test());
  }

  /** The IDX image file of a split, as the preprocess pipeline's {@code --input}. */
  Path imageFile(boolean train) {
    if (subset == 0) {
      return location().file(train ? IdxDatasetSpec.TRAIN_IMAGES : IdxDatasetSpec.TEST_IMAGES);
    }
    String prefix = train ? "train" : "t10k";
    Path images = subsetDir.resolve(prefix + "-images-idx3-ubyte");
    if (!Files.isRegularFile(images)) {
      LabeledImages split = train ? train() : test();
      writeIdx(subsetDir.resolve(prefix + "-labels-idx1-ubyte"), 0x801, split.labels(), split);
      writeIdx(images, 0x803, null, split);
    }
    return images;
  }

  /** Images the split holds here (the subset size, or the whole split). */
  long expectedCount(boolean train) {
    int whole = train ? 60_000 : 10_000;
    return subset == 0 ? whole : Math.min(subset, whole);
  }

  private LabeledImages limited(LabeledImages split) {
    if (subset == 0 || subset >= split.count()) {
      return split;
    }
    byte[] pixels = new byte[subset * split.imageSize()];
    System.arraycopy(split.pixels(), 0, pixels, 0, pixels.length);
    int[] labels = java.util.Arrays.copyOf(split.labels(), subset);
    return new LabeledImages(
        subset,
        split.height(),
        split.width(),
        split.channels(),
        pixels,
        labels,
        split.classNames());
  }

  private DatasetLocation location() {
    if (location == null) {
      try {
        location =
            DatasetLocator.defaults()
                .locate(IdxDatasetSpec.FASHION_MNIST, Optional.ofNullable(dataDir));
      } catch (DatasetException e) {
        throw new DatasetException(
            "Fashion-MNIST is needed and was not found: "
                + e.getMessage()
                + " (the quickstart takes that folder as --data-dir DIR; `beamdiff data"
                + " fashion-mnist` shows where it looks)",
            e);
      }
    }
    return location;
  }

  /** Writes an IDX file: labels (magic 0x801, 1-d) or images (magic 0x803, n×h×w). */
  private static void writeIdx(Path file, int magic, int[] labels, LabeledImages split) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream raw = Files.newOutputStream(file);
          DataOutputStream out = new DataOutputStream(raw)) {
        out.writeInt(magic);
        out.writeInt(split.count());
        if (labels != null) {
          for (int label : labels) {
            out.writeByte(label);
          }
        } else {
          out.writeInt(split.height());
          out.writeInt(split.width());
          out.write(split.pixels());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
