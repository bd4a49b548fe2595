package dev.beamdiff.transforms.metrics.detector;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.classifier.FashionMnistClassifier;
import dev.beamdiff.classifier.TrainedClassifier;
import dev.beamdiff.nn.InferenceMode;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import java.nio.file.Path;

/**
 * The in-domain detector for 28×28 gray images: the penultimate layer (128 ReLU features) of the
 * Fashion-MNIST classifier that {@code beamdiff train-classifier} writes to the cache. Fréchet
 * distances with it are comparable only with each other (same checkpoint), not with Inception FID.
 */
public final class FashionMnistDetector implements FeatureDetector {
  public static final DetectorInput INPUT =
      new DetectorInput(1, FashionMnistClassifier.SIZE, FashionMnistClassifier.SIZE);

  private final SharedResource.Lease<TrainedClassifier> classifier;
  private final NDManager manager;

  private FashionMnistDetector(SharedResource.Lease<TrainedClassifier> classifier) {
    this.classifier = classifier;
    this.manager = NDManager.newBaseManager(Device.cpu());
  }

  /** Opens the checkpoint in {@code checkpointDir}, loading it once per JVM. */
  public static FashionMnistDetector open(Path checkpointDir) {
    Path dir = checkpointDir.toAbsolutePath().normalize();
    return new FashionMnistDetector(
        SharedResource.acquire("fmnist:" + dir, () -> ClassifierCheckpoint.load(dir)));
  }

  /** The classifier's checkpoint record (accuracy, training size). */
  public dev.beamdiff.classifier.CheckpointInfo info() {
    return classifier.get().info();
  }

  @Override
  public DetectorInput input() {
    return INPUT;
  }

  @Override
  public FeatureBatch extract(float[] images, int count) {
    if (count <= 0 || (long) count * INPUT.size() > images.length) {
      throw new IllegalArgumentException(
          "Fashion-MNIST detector: expected " + count + " images of " + INPUT + " floats");
    }
    float[] features;
    TrainedClassifier shared = classifier.get();
    // One call at a time on the shared DJL block (concurrent forward passes are not safe), with
    // autograd off (Beam worker threads start with it on).
    synchronized (shared) {
      try (InferenceMode mode = InferenceMode.enter()) {
        features = shared.features(manager, images, 0, count);
      }
    }
    return new FeatureBatch(count, FashionMnistClassifier.FEATURE_DIMENSION, features);
  }

  @Override
  public void close() {
    manager.close();
    classifier.close();
  }
}
