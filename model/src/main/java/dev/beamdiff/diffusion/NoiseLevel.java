package dev.beamdiff.diffusion;

/**
 * One point of a forward process {@code x_t = α·x0 + σ·ε}: its time and its signal and noise rates.
 *
 * <p>Derived quantities follow Kingma et al. 2021 (VDM, arXiv:2107.00630, §2): {@code SNR = α²/σ²},
 * {@code log-SNR = 2·ln(α/σ)}; and Karras et al. 2022 (EDM, arXiv:2206.00364, §2): the equivalent
 * variance-exploding noise level {@code σ̃ = σ/α}, for which {@code x/α = x0 + σ̃·ε}. They are
 * exact at the ends: {@code σ = 0} gives {@code σ̃ = 0} and infinite SNR, {@code α = 0} gives
 * {@code σ̃ = ∞} and SNR 0, never NaN.
 *
 * @param time the schedule's time (a discrete index, a continuous time, or σ itself for EDM); NaN
 *     for {@link #clean()}, which no network is evaluated at
 * @param alpha signal rate α ≥ 0
 * @param sigma noise rate σ ≥ 0
 */
public record NoiseLevel(double time, double alpha, double sigma) {

  public NoiseLevel {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha: expected a finite value ≥ 0, got " + alpha);
    }
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma: expected a finite value ≥ 0, got " + sigma);
    }
    if (alpha == 0 && sigma == 0) {
      throw new IllegalArgumentException("alpha and sigma are both 0 at time " + time);
    }
  }

  /** The clean end of every schedule here: {@code α = 1, σ = 0}. */
  public static NoiseLevel clean() {
    return new NoiseLevel(Double.NaN, 1, 0);
  }

  /** {@code σ̃ = σ/α}; {@code +∞} at pure noise ({@code α = 0}). */
  public double veSigma() {
    return alpha == 0 ? Double.POSITIVE_INFINITY : sigma / alpha;
  }

  /** {@code α²/σ²}; {@code +∞} when clean. */
  public double snr() {
    return sigma == 0 ? Double.POSITIVE_INFINITY : (alpha / sigma) * (alpha / sigma);
  }

  /** {@code 2·ln(α/σ)}, computed as a difference of logs so neither end overflows. */
  public double logSnr() {
    return 2 * (Math.log(alpha) - Math.log(sigma));
  }

  /** True at {@code σ = 0}. */
  public boolean isClean() {
    return sigma == 0;
  }

  /** True at {@code α = 0}: the sample holds no signal. */
  public boolean isPureNoise() {
    return alpha == 0;
  }
}
