package dev.beamdiff.classifier;

/**
 * How {@link ClassifierTrainer} trains: Adam on shuffled mini-batches of the training split, the
 * learning rate decaying from {@code learningRate} to 0 along a cosine.
 *
 * @param trainLimit use only the first {@code trainLimit} training images (0 = all)
 * @param testLimit evaluate on the first {@code testLimit} test images (0 = all)
 */
public record TrainingSettings(
    int epochs, int batchSize, float learningRate, long seed, int trainLimit, int testLimit) {

  public static final int DEFAULT_EPOCHS = 3;
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final float DEFAULT_LEARNING_RATE = 1e-3f;
  public static final long DEFAULT_SEED = 20170825;

  public TrainingSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: expected at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size: expected at least 1, got " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate: expected > 0, got " + learningRate);
    }
    if (trainLimit < 0 || testLimit < 0) {
      throw new IllegalArgumentException("image limits must be >= 0 (0 means all)");
    }
  }

  /** The defaults of {@code beamdiff train-classifier}: 3 epochs over all 60,000 images. */
  public static TrainingSettings defaults() {
    return new TrainingSettings(
        DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SEED, 0, 0);
  }
}
