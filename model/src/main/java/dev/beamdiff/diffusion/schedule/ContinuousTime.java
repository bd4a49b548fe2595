package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;

/** Argument checks shared by the continuous-time schedules. */
final class ContinuousTime {
  private ContinuousTime() {}

  /** {@code t} clamped to {@code [lo, hi]}; NaN is an error. */
  static double clamp(double t, double lo, double hi) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t: expected a time in [" + lo + ", " + hi + "], got NaN");
    }
    return Math.max(lo, Math.min(hi, t));
  }

  /** The variance-exploding level {@code α = 1, σ = σ̃}. */
  static NoiseLevel varianceExploding(double time, double veSigma) {
    if (!(veSigma >= 0) || Double.isInfinite(veSigma)) {
      throw new IllegalArgumentException(
          "veSigma: expected a finite value ≥ 0 for a variance-exploding schedule, got " + veSigma);
    }
    return new NoiseLevel(time, 1, veSigma);
  }
}
