package dev.beamdiff.classifier;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.beamdiff.data.LabeledImages;

/**
 * A trained (or loaded) Fashion-MNIST classifier: the DJL model and its {@link CheckpointInfo}.
 * Inference methods create their arrays in the caller's manager and may be called from several
 * threads at once (they only read the weights); closing releases the weights.
 */
public final class TrainedClassifier implements AutoCloseable {
  private final Model model;
  private final CheckpointInfo info;

  TrainedClassifier(Model model, CheckpointInfo info) {
    this.model = model;
    this.info = info;
  }

  public Model model() {
    return model;
  }

  public CheckpointInfo info() {
    return info;
  }

  /**
   * The {@value FashionMnistClassifier#FEATURE_DIMENSION} penultimate-layer features of {@code
   * count} 28×28 images (pixel values in [0, 255], row-major from {@code offset}), row-major.
   */
  public float[] features(NDManager manager, float[] pixels, int offset, int count) {
    try (NDManager step = manager.newSubManager()) {
      NDArray x = FashionMnistClassifier.input(step, pixels, offset, count);
      NDArray features =
          FashionMnistClassifier.features(model.getBlock())
              .forward(new ParameterStore(step, false), new NDList(x), false)
              .singletonOrThrow();
      return features.toFloatArray();
    }
  }

  /** Top-1 accuracy on the first {@code limit} images of {@code split} (0 = all). */
  public double accuracy(LabeledImages split, int limit) {
    return accuracy(model, split, limit);
  }

  static double accuracy(Model model, LabeledImages split, int limit) {
    int n = limit == 0 ? split.count() : Math.min(limit, split.count());
    int size = split.imageSize();
    int correct = 0;
    int batch = 500;
    float[] pixels = new float[batch * size];
    for (int start = 0; start < n; start += batch) {
      int count = Math.min(batch, n - start);
      for (int i = 0; i < count * size; i++) {
        pixels[i] = split.pixels()[start * size + i] & 0xFF;
      }
      try (NDManager step = model.getNDManager().newSubManager()) {
        NDArray x = FashionMnistClassifier.input(step, pixels, 0, count);
        NDArray logits =
            model
                .getBlock()
                .forward(new ParameterStore(step, false), new NDList(x), false)
                .singletonOrThrow();
        long[] predicted = logits.argMax(1).toLongArray();
        for (int i = 0; i < count; i++) {
          if (predicted[i] == split.labels()[start + i]) {
            correct++;
          }
        }
      }
    }
    return (double) correct / n;
  }

  @Override
  public void close() {
    model.close();
  }
}
