package dev.beamdiff.diffusion.sampling;

import dev.beamdiff.diffusion.schedule.NoiseSchedule;

/** The {@code [σ_min, σ_max]} range of the σ-based spacings. */
final class SigmaRange {
  private SigmaRange() {}

  /** {@code {σ_min, σ_max}}: the given values, or the schedule's where NaN. */
  static double[] resolve(NoiseSchedule schedule, double sigmaMin, double sigmaMax) {
    double min = Double.isNaN(sigmaMin) ? schedule.veSigma(schedule.minTime()) : sigmaMin;
    double end = schedule.veSigma(schedule.maxTime());
    double max =
        Double.isNaN(sigmaMax)
            ? (Double.isInfinite(end) ? SamplingGrid.MAX_VE_SIGMA : end)
            : sigmaMax;
    if (!(min > 0 && max > min && Double.isFinite(max))) {
      throw new IllegalArgumentException(
          "sigma range: expected 0 < σ_min < σ_max < ∞, got σ_min = " + min + ", σ_max = " + max);
    }
    return new double[] {min, max};
  }
}
