package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;

/**
 * Helpers for variance-preserving schedules, {@code α² + σ² = 1} (Ho et al. 2020, Eq. 4: {@code α =
 * √ᾱ, σ = √(1 − ᾱ)}).
 */
final class VariancePreserving {
  private VariancePreserving() {}

  /** The level with {@code σ/α = veSigma}: {@code α = 1/√(1 + σ̃²)}, {@code σ = σ̃·α}. */
  static NoiseLevel levelAt(double time, double veSigma) {
    checkVeSigma(veSigma);
    if (Double.isInfinite(veSigma)) {
      return new NoiseLevel(time, 0, 1);
    }
    double alpha = 1 / Math.sqrt(1 + veSigma * veSigma);
    return new NoiseLevel(time, alpha, veSigma * alpha);
  }

  /** The level with {@code ᾱ = alphaBar}, computed so both ends stay exact. */
  static NoiseLevel fromAlphaBar(double time, double alphaBar) {
    return new NoiseLevel(time, Math.sqrt(alphaBar), Math.sqrt(1 - alphaBar));
  }

  /** {@code ᾱ = 1/(1 + σ̃²)}. */
  static double alphaBarAt(double veSigma) {
    checkVeSigma(veSigma);
    return Double.isInfinite(veSigma) ? 0 : 1 / (1 + veSigma * veSigma);
  }

  static void checkVeSigma(double veSigma) {
    if (!(veSigma >= 0)) {
      throw new IllegalArgumentException("veSigma: expected a value ≥ 0, got " + veSigma);
    }
  }
}
