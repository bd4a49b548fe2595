package dev.beamdiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * The denoiser {@code D(x̃; σ̃) ≈ E[x0 | x̃]} of Karras et al. 2022 (EDM, arXiv:2206.00364, Eq.
 * 2–3) in the variance-exploding frame {@code x̃ = x0 + σ̃·ε}: what every sampler calls. Build one
 * from a network with {@link dev.beamdiff.diffusion.sampling.SamplingModel}, or write an analytic
 * one.
 */
@FunctionalInterface
public interface X0Predictor {

  /**
   * Estimates the clean data.
   *
   * @param x noisy batch in the variance-exploding frame ({@code x_t/α}), shape [B, …]
   * @param veSigma the noise level {@code σ̃ = σ/α > 0} shared by the batch
   * @return {@code x̂0}, same shape and type as {@code x}
   */
  NDArray predictX0(NDArray x, double veSigma);
}
