package dev.beamdiff.transforms.metrics.detector;

import dev.beamdiff.transforms.metrics.FeatureBatch;

/**
 * A network that maps images to feature vectors for FID/KID. An instance is used by one thread at a
 * time (DJL predictors are not thread-safe); instances may share the loaded model.
 */
public interface FeatureDetector extends AutoCloseable {
  /** What each image must look like. */
  DetectorInput input();

  /**
   * Features of {@code count} images.
   *
   * @param images {@code count × input().size()} floats, each image channels first, values in [0,
   *     255]
   */
  FeatureBatch extract(float[] images, int count);

  /** Releases this instance's share of the model. */
  @Override
  void close();
}
