package dev.beamdiff.diffusion.sampling;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * The ρ-spacing of Karras et al. 2022 (EDM, arXiv:2206.00364, Eq. 5) in {@code σ̃ = σ/α}:
 *
 * <pre>  σ̃_i = (σ_max^{1/ρ} + i/(N−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ,   i = 0 … N−1,</pre>
 *
 * ρ = 7 by default, which shortens steps near σ_min. Unless given, {@code σ_min} and {@code σ_max}
 * are the schedule's {@code σ̃} at its {@code minTime} and {@code maxTime} (σ_max capped at {@link
 * SamplingGrid#MAX_VE_SIGMA} where the schedule reaches α = 0).
 */
public final class KarrasSpacing implements StepSpacing {
  private final double rho;
  private final double sigmaMin;
  private final double sigmaMax;

  /** ρ = 7 over the schedule's own range. */
  public KarrasSpacing() {
    this(7);
  }

  /** The given ρ over the schedule's own range. */
  public KarrasSpacing(double rho) {
    this(rho, Double.NaN, Double.NaN);
  }

  /** The given ρ over {@code [sigmaMin, sigmaMax]}; NaN for either means the schedule's value. */
  public KarrasSpacing(double rho, double sigmaMin, double sigmaMax) {
    if (!(rho > 0)) {
      throw new IllegalArgumentException("rho: expected a value > 0, got " + rho);
    }
    this.rho = rho;
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
  }

  @Override
  public List<NoiseLevel> levels(NoiseSchedule schedule, int steps) {
    double[] range = SigmaRange.resolve(schedule, sigmaMin, sigmaMax);
    double rootMax = Math.pow(range[1], 1 / rho);
    double rootMin = Math.pow(range[0], 1 / rho);
    List<NoiseLevel> levels = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      double sigma =
          i == 0
              ? range[1]
              : i == steps - 1
                  ? range[0]
                  : Math.pow(rootMax + (double) i / (steps - 1) * (rootMin - rootMax), rho);
      levels.add(SamplingGrid.levelAt(schedule, sigma));
    }
    return levels;
  }
}
