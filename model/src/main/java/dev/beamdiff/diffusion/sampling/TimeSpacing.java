package dev.beamdiff.diffusion.sampling;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.schedule.DiscreteSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps spaced evenly in the schedule's time, after Lin et al. 2023 (arXiv:2305.08891, Table 2),
 * for a discrete schedule with T timesteps (0-based indices) and S steps:
 *
 * <ul>
 *   <li>{@link #LINSPACE}: {@code round(linspace(0, T−1, S))}, reversed — includes both ends;
 *   <li>{@link #LEADING}: {@code k·⌊T/S⌋} for {@code k = S−1 … 0} — never reaches the last step, so
 *       it starts from a noisy image with signal left in it (the flaw Lin et al. point out);
 *   <li>{@link #TRAILING}: {@code round(T − k·T/S) − 1} for {@code k = 0 … S−1} — always starts at
 *       {@code T−1}, pure noise under zero terminal SNR.
 * </ul>
 *
 * For continuous schedules the same rules run over {@code [minTime, maxTime]} without rounding:
 * linspace includes both ends, leading {@code minTime + (maxTime − minTime)·k/S} for {@code k < S},
 * trailing {@code minTime + (maxTime − minTime)·k/S} for {@code k ≥ 1}.
 */
public enum TimeSpacing implements StepSpacing {
  LINSPACE,
  LEADING,
  TRAILING;

  @Override
  public List<NoiseLevel> levels(NoiseSchedule schedule, int steps) {
    double[] times =
        schedule instanceof DiscreteSchedule discrete
            ? discreteTimes(discrete.timesteps(), steps)
            : continuousTimes(schedule.minTime(), schedule.maxTime(), steps);
    List<NoiseLevel> levels = new ArrayList<>(times.length);
    for (double t : times) {
      levels.add(schedule.level(t));
    }
    return levels;
  }

  /** The indices, noisiest first, for T timesteps and S steps (1 ≤ S ≤ T). */
  public double[] discreteTimes(int timesteps, int steps) {
    if (steps < 1 || steps > timesteps) {
      throw new IllegalArgumentException(
          "steps: expected 1…"
              + timesteps
              + " for a schedule of "
              + timesteps
              + " timesteps, got "
              + steps);
    }
    double[] t = new double[steps];
    for (int i = 0; i < steps; i++) {
      int k = steps - 1 - i; // ascending position of the i-th (descending) time
      t[i] =
          switch (this) {
            case LINSPACE -> steps == 1 ? 0 : Math.rint((double) (timesteps - 1) * k / (steps - 1));
            case LEADING -> (double) k * (timesteps / steps);
            case TRAILING -> Math.rint(timesteps - (double) i * timesteps / steps) - 1;
          };
    }
    return t;
  }

  /** The times, noisiest first, over {@code [lo, hi]}. */
  public double[] continuousTimes(double lo, double hi, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps: expected ≥ 1, got " + steps);
    }
    double[] t = new double[steps];
    for (int i = 0; i < steps; i++) {
      int k = steps - 1 - i;
      double u =
          switch (this) {
            case LINSPACE -> steps == 1 ? 0 : (double) k / (steps - 1);
            case LEADING -> (double) k / steps;
            case TRAILING -> (k + 1.0) / steps;
          };
      t[i] = lo + (hi - lo) * u;
    }
    return t;
  }
}
