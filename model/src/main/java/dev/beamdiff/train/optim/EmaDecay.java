package dev.beamdiff.train.optim;

/**
 * The decay of an exponential moving average of the weights, warmed up so early averages are not
 * dominated by the random initialisation. After the n-th optimizer update (n ≥ 1):
 *
 * <pre>
 *   β(n) = min(β_max, 1 − (1 + (n − 1)/γ)^(−p))
 * </pre>
 *
 * so β(1) = 0 (the average starts as the weights) and β grows towards β_max. This is the warm-up of
 * diffusers' {@code EMAModel(use_ema_warmup=True)} and k-diffusion's {@code EMAWarmup}; γ = 1 with
 * p = 3/4 reaches 0.999 near 10k updates and 0.9999 near 215k.
 */
public record EmaDecay(double inverseGamma, double power, double maxDecay) {

  public EmaDecay {
    if (!(inverseGamma > 0) || !(power > 0)) {
      throw new IllegalArgumentException(
          "EMA warm-up needs gamma > 0 and power > 0; got gamma="
              + inverseGamma
              + ", power="
              + power);
    }
    if (!(maxDecay >= 0 && maxDecay < 1)) {
      throw new IllegalArgumentException("EMA max decay must lie in [0, 1), got " + maxDecay);
    }
  }

  /** γ = 1, p = 3/4, β_max = 0.9999 (diffusers' unconditional training example). */
  public static EmaDecay defaults() {
    return new EmaDecay(1.0, 0.75, 0.9999);
  }

  /** β after update {@code n} (1-based). */
  public double at(long n) {
    if (n < 1) {
      throw new IllegalArgumentException("update numbers start at 1, got " + n);
    }
    double warm = 1 - Math.pow(1 + (n - 1) / inverseGamma, -power);
    return Math.min(maxDecay, warm);
  }
}
