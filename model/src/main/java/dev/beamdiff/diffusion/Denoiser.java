package dev.beamdiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * The network as the diffusion core sees it: a function from a scaled noisy batch to the raw
 * network output {@code F}. What {@code F} means (ε, x0, v or the EDM {@code F_θ}) is fixed by the
 * {@link dev.beamdiff.diffusion.prediction.PredictionTransform} the network was trained with.
 *
 * <p>A UNet is wrapped as {@code (input, noise, cond) -> unet.forward(input, noise, cond.get(0))};
 * tests plug in analytic functions. Implementations should create their results from the input's
 * manager (DJL does so for operations on {@code input}) so the caller's per-step scope frees them.
 */
@FunctionalInterface
public interface Denoiser {

  /**
   * Evaluates the network.
   *
   * @param input noisy batch already multiplied by the input scaling {@code c_in}, shape [B, …]
   * @param noiseConditioning {@code c_noise} per sample, float32 of shape [B] (what it holds is set
   *     by the schedule: see {@link
   *     dev.beamdiff.diffusion.schedule.NoiseSchedule#noiseConditioning})
   * @param conditioning extra inputs with leading dimension B (class labels, …), possibly none
   * @return the raw output {@code F}, same shape as {@code input}
   */
  NDArray forward(NDArray input, NDArray noiseConditioning, Conditioning conditioning);
}
