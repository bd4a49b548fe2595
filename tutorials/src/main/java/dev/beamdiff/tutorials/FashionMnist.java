package dev.beamdiff.tutorials;

import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.InMemoryImageDataset;
import java.util.Optional;

/** Fashion-MNIST for the tutorials, found the way {@code beamdiff data fashion-mnist} finds it. */
final class FashionMnist {
  /** Side of an image. */
  static final int SIZE = 28;

  private FashionMnist() {}

  /** The 60,000 training images, as floats in [−1, 1] with their class labels. */
  static DiffusionDataset train() {
    return new InMemoryImageDataset(load().train());
  }

  /** The 10,000 test images. */
  static DiffusionDataset test() {
    return new InMemoryImageDataset(load().test());
  }

  /** Images {@code indices} of {@code data} as one {@code [n, 1, 28, 28]} float block. */
  static float[] images(DiffusionDataset data, int... indices) {
    float[] out = new float[indices.length * data.imageSize()];
    for (int i = 0; i < indices.length; i++) {
      data.read(indices[i], out, i * data.imageSize());
    }
    return out;
  }

  private static IdxDataset load() {
    return DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
  }
}
