package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * A numerical method that carries a sample down a {@link SamplingGrid} using a denoiser {@code
 * D(x̃; σ̃)}, in the variance-exploding frame {@code x̃ = x0 + σ̃·ε} where the probability-flow ODE
 * is {@code dx̃/dσ̃ = (x̃ − D(x̃; σ̃))/σ̃} (Karras et al. 2022, arXiv:2206.00364, Eq. 1 and 3).
 *
 * <p>Implementations free every per-step array before the next step, so memory does not grow with
 * the number of steps, and draw noise only from the given {@link NoiseSource} (step {@code i} uses
 * stream {@link NoiseSource#step(int) step(i)}).
 */
public interface Sampler {

  /** Name used on the command line. */
  String name();

  /** True if the sampler injects fresh noise during sampling. */
  boolean isStochastic();

  /**
   * Runs the sampler over the whole grid.
   *
   * @param model the denoiser
   * @param x the starting sample at {@code grid.level(0)}, in the variance-exploding frame; not
   *     modified or closed
   * @param grid the noise levels to visit
   * @param noise noise for stochastic steps (ignored by deterministic samplers)
   * @param listener told after each step
   * @return the sample at the grid's last level (the clean data if the grid ends at σ = 0), a new
   *     array owned by {@code x}'s manager
   */
  NDArray sample(
      X0Predictor model, NDArray x, SamplingGrid grid, NoiseSource noise, StepListener listener);

  /** {@link #sample(X0Predictor, NDArray, SamplingGrid, NoiseSource, StepListener)} silently. */
  default NDArray sample(X0Predictor model, NDArray x, SamplingGrid grid, NoiseSource noise) {
    return sample(model, x, grid, noise, StepListener.NONE);
  }
}
