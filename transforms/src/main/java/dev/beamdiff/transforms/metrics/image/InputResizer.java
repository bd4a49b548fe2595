package dev.beamdiff.transforms.metrics.image;

import java.io.Serializable;

/**
 * Resizes one image plane of float values to the detector's input size. FID values depend on the
 * resampling filter (clean-fid, Parmar et al. 2022, "On Aliased Resizing and Surprising Subtleties
 * in GAN Evaluation"), so the implementation is part of the reported protocol.
 */
@FunctionalInterface
public interface InputResizer extends Serializable {
  /**
   * @param plane {@code height × width} values, row-major
   * @return {@code outHeight × outWidth} values, row-major
   */
  float[] resize(float[] plane, int width, int height, int outWidth, int outHeight);

  /** The resize protocol in words, for reports and saved statistics. */
  default String description() {
    return getClass().getSimpleName();
  }
}
