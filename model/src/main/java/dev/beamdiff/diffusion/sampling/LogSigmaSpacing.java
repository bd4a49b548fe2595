package dev.beamdiff.diffusion.sampling;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps evenly spaced in {@code ln σ̃} — equivalently in log-SNR, the "logSNR" spacing of Lu et al.
 * 2022 (DPM-Solver, arXiv:2206.00927, §3.3) and k-diffusion's {@code get_sigmas_exponential}:
 * {@code σ̃_i = exp(ln σ_max + i/(N−1)·(ln σ_min − ln σ_max))}. The range defaults to the
 * schedule's as in {@link KarrasSpacing}.
 */
public final class LogSigmaSpacing implements StepSpacing {
  private final double sigmaMin;
  private final double sigmaMax;

  /** Over the schedule's own range. */
  public LogSigmaSpacing() {
    this(Double.NaN, Double.NaN);
  }

  /** Over {@code [sigmaMin, sigmaMax]}; NaN for either means the schedule's value. */
  public LogSigmaSpacing(double sigmaMin, double sigmaMax) {
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
  }

  @Override
  public List<NoiseLevel> levels(NoiseSchedule schedule, int steps) {
    double[] range = SigmaRange.resolve(schedule, sigmaMin, sigmaMax);
    double logMax = Math.log(range[1]);
    double logMin = Math.log(range[0]);
    List<NoiseLevel> levels = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      double sigma =
          i == 0
              ? range[1]
              : i == steps - 1
                  ? range[0]
                  : Math.exp(logMax + (double) i / (steps - 1) * (logMin - logMax));
      levels.add(SamplingGrid.levelAt(schedule, sigma));
    }
    return levels;
  }
}
