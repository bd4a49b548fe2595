package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import dev.beamdiff.diffusion.X0Predictor;

/**
 * The one diffusion problem with a closed-form answer: data {@code x0 ~ N(0, s²)}. In the
 * variance-exploding frame {@code x̃ = x0 + σ̃·ε} of Karras et al. 2022 (arXiv:2206.00364, §2),
 * {@code x̃ ~ N(0, s² + σ̃²)}, so the ideal denoiser (EDM Eq. 2–3, the posterior mean) and the
 * probability-flow ODE (EDM Eq. 1 with Eq. 3) are
 *
 * <pre>
 *   D(x̃; σ̃) = E[x0 | x̃] = x̃·s²/(s² + σ̃²),
 *   dx̃/dσ̃ = (x̃ − D(x̃; σ̃))/σ̃ = x̃·σ̃/(s² + σ̃²)   ⇒   x̃(σ̃₁) = x̃(σ̃₀)·√((s² + σ̃₁²)/(s² + σ̃₀²)).
 * </pre>
 *
 * Samplers given {@link #denoiser()} instead of a network are pure ODE (or SDE) solvers whose error
 * can be measured exactly.
 *
 * @param std the data's standard deviation s
 */
public record GaussianProblem(double std) {

  // tutorial:begin ideal
  /**
   * The ideal denoiser {@code D(x̃; σ̃) = x̃·s²/(s² + σ̃²)}: what a perfect network would return.
   */
  public X0Predictor denoiser() {
    double s2 = std * std;
    return (x, sigma) -> x.mul(s2 / (s2 + sigma * sigma));
  }

  /** The exact ODE solution: where {@code x̃} at {@code σ̃₀} travels to at {@code σ̃₁}. */
  public NDArray exactFlow(NDArray x, double fromSigma, double toSigma) {
    double s2 = std * std;
    return x.mul(Math.sqrt((s2 + toSigma * toSigma) / (s2 + fromSigma * fromSigma)));
  }

  // tutorial:end ideal

  /** Max |actual − expected| / max |expected|. */
  public static double relativeError(NDArray actual, NDArray expected) {
    double[] a = actual.toDoubleArray();
    double[] b = expected.toDoubleArray();
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  /** Sample standard deviation (about the sample mean) of a float64 array. */
  public static double std(NDArray values) {
    return SampleStatistics.std(values.toDoubleArray());
  }
}
