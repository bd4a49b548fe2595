package dev.beamdiff.diffusion.prediction;

import ai.djl.ndarray.NDArray;
import dev.beamdiff.diffusion.NoiseLevel;

/**
 * What the network predicts, and how its raw output F maps back to the clean data: ε (Ho et al.
 * 2020), x0, v (Salimans & Ho 2022) or EDM's preconditioned {@code F_θ} (Karras et al. 2022). All
 * four are affine in {@code (x_t, F)}, so each is fully described by its {@link Preconditioning}
 * coefficients at a noise level; the array methods here apply them for a level shared by the batch.
 */
public interface PredictionTransform {

  /** Name used on the command line. */
  String name();

  /** The coefficients at {@code level}. */
  Preconditioning coefficients(NoiseLevel level);

  /**
   * Whether x0 is recoverable at {@code α = 0} (pure noise). ε-prediction is not: there {@code x̂0
   * = (x_t − σ·ε̂)/α} divides by zero, which is why zero-terminal-SNR schedules need v- or
   * x0-prediction (Lin et al. 2023, arXiv:2305.08891, §3.2).
   */
  boolean recoversDataAtPureNoise();

  /** The training target {@code a·x0 + b·ε}. */
  default NDArray target(NDArray x0, NDArray noise, NoiseLevel level) {
    Preconditioning c = coefficients(level);
    return x0.mul(c.targetData()).add(noise.mul(c.targetNoise()));
  }

  /** The network input {@code c_in·x_t}. */
  default NDArray scaleInput(NDArray xt, NoiseLevel level) {
    return xt.mul(coefficients(level).inputScale());
  }

  /** {@code x̂0 = c_skip·x_t + c_out·F}. */
  default NDArray predictX0(NDArray xt, NDArray raw, NoiseLevel level) {
    Preconditioning c = coefficients(level);
    return xt.mul(c.skip()).add(raw.mul(c.out()));
  }

  /** {@code ε̂ = (x_t − α·x̂0)/σ}; requires {@code σ > 0}. */
  default NDArray predictNoise(NDArray xt, NDArray raw, NoiseLevel level) {
    if (level.isClean()) {
      throw new IllegalArgumentException("level: ε̂ is undefined at σ = 0");
    }
    double[] e = coefficients(level).noiseCoefficients(level.alpha(), level.sigma());
    return xt.mul(e[0]).add(raw.mul(e[1]));
  }
}
