package dev.beamdiff.diffusion.sampling;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * The noise levels a sampler visits, noisiest first: {@code N + 1} levels for N steps, normally
 * ending at the clean level {@code σ = 0}. Levels are stored with their schedule time (for the
 * network's conditioning) and addressed by samplers through {@code σ̃ = σ/α}, which strictly
 * decreases along the grid.
 *
 * <p>A level with {@code α = 0} (zero-terminal-SNR schedules and the continuous cosine and sqrt
 * schedules at t = 1) has {@code σ̃ = ∞}, where the ODE in {@code σ̃} cannot start; it is replaced
 * by the level at {@code σ̃ = }{@link #MAX_VE_SIGMA} {@code = 4096}, i.e. {@code ᾱ = 2⁻²⁴}, the
 * value diffusers uses for the same purpose (huggingface/diffusers#6024); the network still sees
 * the schedule's last time there (see {@link #levelAt}).
 */
public final class SamplingGrid {
  /** Largest {@code σ̃} a grid starts from: {@code 2¹²}, so {@code ᾱ = 1/(1 + σ̃²) ≈ 2⁻²⁴}. */
  public static final double MAX_VE_SIGMA = 4096;

  private final NoiseSchedule schedule;
  private final List<NoiseLevel> levels;

  private SamplingGrid(NoiseSchedule schedule, List<NoiseLevel> levels) {
    this.schedule = schedule;
    List<NoiseLevel> finite = new ArrayList<>(levels.size());
    for (NoiseLevel level : levels) {
      finite.add(level.isPureNoise() ? levelAt(schedule, MAX_VE_SIGMA) : level);
    }
    if (finite.size() < 2) {
      throw new IllegalArgumentException(
          "levels: expected at least 2 noise levels (one step), got " + finite.size());
    }
    for (int i = 1; i < finite.size(); i++) {
      double previous = finite.get(i - 1).veSigma();
      double current = finite.get(i).veSigma();
      if (!(current < previous)) {
        throw new IllegalArgumentException(
            "levels: expected strictly decreasing noise levels σ/α, but level "
                + i
                + " has "
                + current
                + " after "
                + previous);
      }
    }
    this.levels = List.copyOf(finite);
  }

  /**
   * The level the network is evaluated at for noise level {@code σ̃}: {@link
   * NoiseSchedule#levelAtVeSigma}, except that on a schedule reaching pure noise, {@code σ̃ ≥}
   * {@link #MAX_VE_SIGMA} stands for that pure-noise end and keeps its time ({@code maxTime}), as
   * diffusers keeps timestep T−1 when it clamps {@code ᾱ_{T−1}} to 2⁻²⁴.
   */
  public static NoiseLevel levelAt(NoiseSchedule schedule, double veSigma) {
    NoiseLevel level = schedule.levelAtVeSigma(veSigma);
    if (veSigma >= MAX_VE_SIGMA && schedule.level(schedule.maxTime()).isPureNoise()) {
      return new NoiseLevel(schedule.maxTime(), level.alpha(), level.sigma());
    }
    return level;
  }

  /**
   * {@code steps} levels placed by {@code spacing}, followed by the clean level.
   *
   * @throws IllegalArgumentException if {@code steps < 1} or the spacing cannot place that many
   */
  public static SamplingGrid of(NoiseSchedule schedule, StepSpacing spacing, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps: expected ≥ 1, got " + steps);
    }
    List<NoiseLevel> levels = new ArrayList<>(spacing.levels(schedule, steps));
    levels.removeIf(NoiseLevel::isClean);
    levels.add(NoiseLevel.clean());
    return new SamplingGrid(schedule, levels);
  }

  /** Exactly the given levels (the caller decides whether the last is clean). */
  public static SamplingGrid ofLevels(NoiseSchedule schedule, List<NoiseLevel> levels) {
    return new SamplingGrid(schedule, levels);
  }

  /**
   * Exactly the given noise levels {@code σ̃ = σ/α} (a trailing 0 is the clean level): the
   * user-supplied-sigmas form of k-diffusion.
   */
  public static SamplingGrid ofVeSigmas(NoiseSchedule schedule, double... veSigmas) {
    List<NoiseLevel> levels = new ArrayList<>(veSigmas.length);
    for (double veSigma : veSigmas) {
      levels.add(veSigma == 0 ? NoiseLevel.clean() : levelAt(schedule, veSigma));
    }
    return new SamplingGrid(schedule, levels);
  }

  /** The given schedule times (user-supplied timesteps), followed by the clean level. */
  public static SamplingGrid ofTimes(NoiseSchedule schedule, double... times) {
    List<NoiseLevel> levels = new ArrayList<>(times.length + 1);
    for (double time : times) {
      levels.add(schedule.level(time));
    }
    levels.removeIf(NoiseLevel::isClean);
    levels.add(NoiseLevel.clean());
    return new SamplingGrid(schedule, levels);
  }

  /** The schedule the levels come from. */
  public NoiseSchedule schedule() {
    return schedule;
  }

  /** Number of steps N (levels − 1). */
  public int steps() {
    return levels.size() - 1;
  }

  /** Level {@code i}, 0 ≤ i ≤ N. */
  public NoiseLevel level(int i) {
    return levels.get(i);
  }

  /** {@code σ̃} of level {@code i}. */
  public double veSigma(int i) {
    return levels.get(i).veSigma();
  }

  /** All levels, noisiest first. */
  public List<NoiseLevel> levels() {
    return levels;
  }

  /** The {@code σ̃} of all levels, noisiest first. */
  public double[] veSigmas() {
    return levels.stream().mapToDouble(NoiseLevel::veSigma).toArray();
  }

  /** True if the last level is clean ({@code σ = 0}). */
  public boolean endsClean() {
    return levels.get(levels.size() - 1).isClean();
  }

  /**
   * The last {@code ⌊strength·N⌋} steps, for img2img / SDEdit (Meng et al. 2022, arXiv:2108.01073,
   * §3): perturb the image to this grid's first level and denoise from there. Strength 1 keeps the
   * whole grid.
   *
   * @throws IllegalArgumentException if {@code strength ∉ (0, 1]} or it leaves no step
   */
  public SamplingGrid forStrength(double strength) {
    if (!(strength > 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength: expected a value in (0, 1], got " + strength);
    }
    int keep = (int) Math.floor(strength * steps() + 1e-9);
    if (keep < 1) {
      throw new IllegalArgumentException(
          "strength: "
              + strength
              + " of "
              + steps()
              + " steps leaves no step to take; use a larger strength or more steps");
    }
    return new SamplingGrid(schedule, levels.subList(steps() - keep, levels.size()));
  }

  @Override
  public String toString() {
    return "SamplingGrid["
        + schedule.name()
        + ", "
        + steps()
        + " steps, σ̃ "
        + veSigma(0)
        + " → "
        + veSigma(steps())
        + "]";
  }
}
