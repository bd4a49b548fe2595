package dev.beamdiff.diffusion.loss;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.Preconditioning;

/**
 * Min-SNR-γ (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR Weighting Strategy",
 * arXiv:2303.09556, §3.4): weight {@code min(SNR, γ)} on the clean-data error, γ = 5 by default. As
 * a raw weight {@code min(SNR, γ)·c_out²}: {@code min(SNR, γ)/SNR} for ε-prediction and {@code
 * min(SNR, γ)/(SNR + 1)} for v-prediction on variance-preserving schedules.
 */
public final class MinSnrWeighting implements LossWeighting {
  /** γ = 5, the paper's default. */
  public static final double DEFAULT_GAMMA = 5;

  private final double gamma;

  /** With γ = 5. */
  public MinSnrWeighting() {
    this(DEFAULT_GAMMA);
  }

  /** With the given γ > 0. */
  public MinSnrWeighting(double gamma) {
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma: expected a finite value > 0, got " + gamma);
    }
    this.gamma = gamma;
  }

  /** γ. */
  public double gamma() {
    return gamma;
  }

  @Override
  public String name() {
    return "min-snr-" + (gamma == Math.rint(gamma) ? Long.toString((long) gamma) : gamma);
  }

  @Override
  public double weight(NoiseLevel level, Preconditioning c) {
    return Math.min(level.snr(), gamma) * c.out() * c.out();
  }
}
