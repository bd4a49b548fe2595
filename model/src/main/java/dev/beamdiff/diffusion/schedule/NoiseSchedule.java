package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.LossWeighting;
import java.util.random.RandomGenerator;

/**
 * A forward noising process {@code x_t = α(t)·x0 + σ(t)·ε}, {@code ε ~ N(0, I)}, over a time domain
 * {@code [minTime, maxTime]} in which noise grows with time.
 *
 * <p>Every schedule here is either variance preserving ({@code α² + σ² = 1}, Ho et al. 2020) or
 * variance exploding ({@code α = 1}, Song & Ermon 2019; Karras et al. 2022), so a level is fixed by
 * its variance-exploding noise level {@code σ̃ = σ/α} alone, which is how samplers address it.
 */
public interface NoiseSchedule {

  /** Name used on the command line. */
  String name();

  /** Least-noisy time a sampler evaluates the network at (its σ is > 0) before the final jump. */
  double minTime();

  /** Noisiest time: where sampling starts. */
  double maxTime();

  /**
   * The level at time {@code t}. Discrete and continuous schedules clamp times outside their domain
   * ({@code [0, T−1]}, {@code [0, 1]}); the EDM schedule accepts any {@code t = σ ≥ 0}.
   */
  NoiseLevel level(double t);

  /**
   * Time at which {@code σ̃(t) = veSigma}: the inverse of {@link NoiseLevel#veSigma()} along the
   * schedule, clamped to the schedule's domain for noise levels outside its range.
   */
  double timeAtVeSigma(double veSigma);

  /**
   * The level with {@code σ/α = veSigma} exactly (α from the schedule family, not from the possibly
   * clamped time), with {@link #timeAtVeSigma} as its time.
   */
  NoiseLevel levelAtVeSigma(double veSigma);

  /**
   * The noise-conditioning value {@code c_noise} fed to the network: the time itself for
   * variance-preserving schedules (the discrete index 0…T−1, or continuous t ∈ [0, 1]), {@code ¼·ln
   * σ} for variance-exploding ones (Karras et al. 2022, Table 1).
   */
  double noiseConditioning(NoiseLevel level);

  /** Draws one training time from the schedule's training distribution. */
  double sampleTrainingTime(RandomGenerator random);

  /** Draws {@code count} training times. */
  default double[] sampleTrainingTimes(RandomGenerator random, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count: expected ≥ 0, got " + count);
    }
    double[] times = new double[count];
    for (int i = 0; i < count; i++) {
      times[i] = sampleTrainingTime(random);
    }
    return times;
  }

  /** The loss weighting this schedule is usually trained with. */
  LossWeighting defaultWeighting();

  /** {@code α(t)}. */
  default double alpha(double t) {
    return level(t).alpha();
  }

  /** {@code σ(t)}. */
  default double sigma(double t) {
    return level(t).sigma();
  }

  /** {@code σ̃(t) = σ(t)/α(t)}. */
  default double veSigma(double t) {
    return level(t).veSigma();
  }

  /** {@code log-SNR(t) = 2·ln(α/σ)}. */
  default double logSnr(double t) {
    return level(t).logSnr();
  }

  /** {@code SNR(t) = α²/σ²}. */
  default double snr(double t) {
    return level(t).snr();
  }
}
