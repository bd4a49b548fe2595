package dev.beamdiff.diffusion.spec;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.LossWeighting;
import dev.beamdiff.diffusion.loss.LossWeightings;
import dev.beamdiff.diffusion.prediction.PredictionTransform;
import dev.beamdiff.diffusion.prediction.PredictionTransforms;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedules;
import java.util.Objects;

/**
 * What a diffusion model is trained for: a noise schedule, what the network predicts, and how the
 * loss weights noise levels. Construction rejects combinations that cannot work: ε-prediction on a
 * schedule that reaches {@code α = 0} (zero terminal SNR, continuous cosine, sqrt), where {@code
 * x̂0 = (x_t − σ·ε̂)/α} is undefined (Lin et al. 2023, arXiv:2305.08891, §3.2).
 *
 * <p>Default pairings ({@link #parse} with {@code null}s): variance-exploding schedules ({@code
 * karras}, {@code edm}) → EDM preconditioning; schedules ending at {@code α = 0} → v; other
 * variance-preserving schedules → ε; the weighting is the schedule's own.
 */
public record DiffusionSpec(
    NoiseSchedule schedule, PredictionTransform prediction, LossWeighting weighting) {

  public DiffusionSpec {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(weighting, "weighting");
    NoiseLevel end = schedule.level(schedule.maxTime());
    if (end.isPureNoise() && !prediction.recoversDataAtPureNoise()) {
      throw new IllegalArgumentException(
          "prediction '"
              + prediction.name()
              + "' cannot be used with schedule '"
              + schedule.name()
              + "': the schedule reaches α = 0 (pure noise) at t = "
              + schedule.maxTime()
              + ", where x0 = (x_t − σ·ε)/α is undefined; use --prediction v or x0 (Lin et al."
              + " 2023), or a schedule that keeps α > 0");
    }
  }

  /** The schedule with its default weighting. */
  public static DiffusionSpec of(NoiseSchedule schedule, PredictionTransform prediction) {
    return new DiffusionSpec(schedule, prediction, schedule.defaultWeighting());
  }

  /**
   * A spec from command-line names.
   *
   * @param schedule a name from {@link NoiseSchedules#names()}
   * @param prediction a name from {@link PredictionTransforms#names()}, or null for the schedule's
   *     default pairing
   * @param weighting a name from {@link LossWeightings#names()}, or null for the schedule's default
   */
  public static DiffusionSpec parse(String schedule, String prediction, String weighting) {
    NoiseSchedule s = NoiseSchedules.byName(schedule);
    PredictionTransform p =
        prediction == null ? defaultPrediction(s) : PredictionTransforms.byName(prediction);
    LossWeighting w = weighting == null ? s.defaultWeighting() : LossWeightings.byName(weighting);
    return new DiffusionSpec(s, p, w);
  }

  /** The prediction a schedule is usually paired with. */
  public static PredictionTransform defaultPrediction(NoiseSchedule schedule) {
    NoiseLevel end = schedule.level(schedule.maxTime());
    if (end.alpha() == 1) {
      return PredictionTransforms.byName("edm");
    }
    return PredictionTransforms.byName(end.isPureNoise() ? "v" : "eps");
  }

  @Override
  public String toString() {
    return schedule.name() + "/" + prediction.name() + "/" + weighting.name();
  }
}
