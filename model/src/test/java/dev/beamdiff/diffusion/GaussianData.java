package dev.beamdiff.diffusion;

import ai.djl.ndarray.NDArray;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.prediction.PredictionTransform;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;

/**
 * Data {@code x0 ~ N(0, s²·I)}: the one distribution whose ideal denoiser and probability-flow ODE
 * have closed forms. In the variance-exploding frame {@code x̃ = x0 + σ̃·ε}:
 *
 * <pre>
 *   D(x̃; σ̃) = E[x0 | x̃] = x̃·s²/(s² + σ̃²),
 *   dx̃/dσ̃ = (x̃ − D)/σ̃ = x̃·σ̃/(s² + σ̃²)  ⇒  x̃(σ̃_1) = x̃(σ̃_0)·√((s² + σ̃_1²)/(s² + σ̃_0²)).
 * </pre>
 *
 * In the schedule frame {@code x_t = α·x0 + σ·ε} the ideal estimate is {@code x̂0 = α·s²·x_t/(α²s²
 * + σ²)}, from which the ideal raw output of any prediction transform follows as {@code F = (x̂0 −
 * c_skip·x_t)/c_out}: ε̂ = σ·x_t/(α²s² + σ²), v̂ etc.
 */
public record GaussianData(double std) {

  /** The ideal denoiser {@code D(x̃; σ̃)}. */
  public X0Predictor idealDenoiser() {
    double s2 = std * std;
    return (x, sigma) -> x.mul(s2 / (s2 + sigma * sigma));
  }

  /** The exact probability-flow ODE map from {@code σ̃_0} to {@code σ̃_1}. */
  public double flowFactor(double fromSigma, double toSigma) {
    double s2 = std * std;
    return Math.sqrt((s2 + toSigma * toSigma) / (s2 + fromSigma * fromSigma));
  }

  /** Variance of {@code x̃} at noise level {@code σ̃}: {@code s² + σ̃²}. */
  public double marginalVariance(double sigma) {
    return std * std + sigma * sigma;
  }

  /**
   * The ideal network for a schedule and prediction transform: it reads the level from its noise
   * conditioning (the time for variance-preserving schedules, {@code ¼ ln σ} for variance-exploding
   * ones) and returns the raw output F whose {@code x̂0} is the ideal one.
   */
  public Denoiser idealNetwork(NoiseSchedule schedule, PredictionTransform prediction) {
    double s2 = std * std;
    return (input, conditioning, extra) -> {
      NoiseLevel level = levelOf(schedule, conditioning.getFloat(0));
      Preconditioning c = prediction.coefficients(level);
      double a = level.alpha();
      double s = level.sigma();
      double ideal = a * s2 / (a * a * s2 + s * s);
      return input.mul((ideal - c.skip()) / (c.out() * c.inputScale()));
    };
  }

  private static NoiseLevel levelOf(NoiseSchedule schedule, double conditioning) {
    boolean varianceExploding = schedule.level(schedule.maxTime()).alpha() == 1;
    return varianceExploding
        ? schedule.levelAtVeSigma(Math.exp(4 * conditioning))
        : schedule.level(conditioning);
  }

  /** Max |a − b| / max |b| over all elements. */
  public static double relativeError(NDArray actual, NDArray expected) {
    double[] a = actual.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
    double[] b = expected.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }
}
