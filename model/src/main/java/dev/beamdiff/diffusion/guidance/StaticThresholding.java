package dev.beamdiff.diffusion.guidance;

import ai.djl.ndarray.NDArray;

/**
 * Static thresholding (Saharia et al. 2022, Imagen, arXiv:2205.11487, §2.3): clip {@code x̂0} to
 * {@code [−limit, limit]}, {@code [−1, 1]} by default — DDPM's {@code clip_denoised}.
 */
public record StaticThresholding(double limit) implements Thresholding {

  public StaticThresholding {
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException("limit: expected a finite value > 0, got " + limit);
    }
  }

  /** Clip to [−1, 1]. */
  public StaticThresholding() {
    this(1);
  }

  @Override
  public NDArray apply(NDArray x0) {
    return x0.clip(-limit, limit);
  }
}
