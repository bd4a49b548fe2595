package dev.beamdiff.diffusion.guidance;

import ai.djl.ndarray.NDArray;

/**
 * A correction applied to every clean-data estimate {@code x̂0} during sampling, to keep it in the
 * data range (Saharia et al. 2022, Imagen, arXiv:2205.11487, §2.3).
 */
@FunctionalInterface
public interface Thresholding {

  /** Returns the corrected {@code x̂0}, same shape; must not modify its argument. */
  NDArray apply(NDArray x0);
}
