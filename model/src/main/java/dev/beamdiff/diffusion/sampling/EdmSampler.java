package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * The sampler of Karras et al. 2022 (EDM, arXiv:2206.00364, Alg. 2; Alg. 1 without churn), with
 * Euler (order 1) or Heun (order 2) steps. At level {@code σ̃_i} of N steps:
 *
 * <pre>
 *   γ = min(S_churn/N, √2 − 1) if S_tmin ≤ σ̃_i ≤ S_tmax, else 0;   σ̂ = σ̃_i·(1 + γ)
 *   x̂ = x + √(σ̂² − σ̃_i²)·S_noise·z                         (churn: raise the noise level)
 *   d = (x̂ − D(x̂; σ̂))/σ̂;   x' = x̂ + (σ̃_{i+1} − σ̂)·d             (Euler)
 *   if Heun and σ̃_{i+1} ≠ 0: d' = (x' − D(x'; σ̃_{i+1}))/σ̃_{i+1};
 *                             x' = x̂ + (σ̃_{i+1} − σ̂)·(d + d')/2  (trapezoidal correction)
 * </pre>
 *
 * With {@code S_churn = 0} it is deterministic: Euler is then the DDIM(η = 0) step and Heun the
 * second-order method of EDM Alg. 1. The final step to σ = 0 is an Euler step, i.e. {@code x' =
 * D(x; σ̃_{N−1})}.
 */
public final class EdmSampler extends SingleStepSampler {
  private final boolean heun;
  private final Churn churn;

  /**
   * Stochasticity of EDM Alg. 2: {@code S_churn ≥ 0} (0 disables it), the noise window {@code
   * [S_tmin, S_tmax]} in σ̃ and the noise inflation {@code S_noise}. EDM's ImageNet-64 setting is
   * {@code (40, 0.05, 50, 1.003)}.
   */
  public record Churn(double sChurn, double sTmin, double sTmax, double sNoise) {
    /** No churn: the deterministic sampler. */
    public static final Churn NONE = new Churn(0, 0, Double.POSITIVE_INFINITY, 1);

    public Churn {
      if (!(sChurn >= 0) || Double.isInfinite(sChurn)) {
        throw new IllegalArgumentException("sChurn: expected a finite value ≥ 0, got " + sChurn);
      }
      if (!(sTmin >= 0 && sTmax >= sTmin)) {
        throw new IllegalArgumentException(
            "sTmin, sTmax: expected 0 ≤ S_tmin ≤ S_tmax, got " + sTmin + ", " + sTmax);
      }
      if (!(sNoise > 0) || Double.isInfinite(sNoise)) {
        throw new IllegalArgumentException("sNoise: expected a finite value > 0, got " + sNoise);
      }
    }

    /** {@code γ_i} for a step starting at {@code sigma} in a run of {@code steps} steps. */
    double gamma(double sigma, int steps) {
      return sChurn > 0 && sigma >= sTmin && sigma <= sTmax
          ? Math.min(sChurn / steps, Math.sqrt(2) - 1)
          : 0;
    }
  }

  /** Deterministic Euler ({@code heun = false}) or Heun. */
  public EdmSampler(boolean heun) {
    this(heun, Churn.NONE);
  }

  /** Euler or Heun with the given churn. */
  public EdmSampler(boolean heun, Churn churn) {
    this.heun = heun;
    this.churn = churn;
  }

  @Override
  public String name() {
    return heun ? "heun" : "euler";
  }

  @Override
  public boolean isStochastic() {
    return churn.sChurn() > 0;
  }

  @Override
  NDArray step(
      X0Predictor model, NDArray x, SamplingGrid grid, int i, NoiseSource noise, NDManager scope) {
    double sigma = grid.veSigma(i);
    double next = grid.veSigma(i + 1);
    double gamma = churn.gamma(sigma, grid.steps());
    double hat = sigma * (1 + gamma);
    NDArray xHat = x;
    if (gamma > 0) {
      double extra = Math.sqrt((hat - sigma) * (hat + sigma)) * churn.sNoise();
      xHat = x.add(noiseLike(noise, scope, x, i).mul(extra));
    }
    NDArray denoised = model.predictX0(xHat, hat);
    NDArray euler = blend(xHat, denoised, next / hat);
    if (!heun || next == 0) {
      return euler;
    }
    NDArray corrected = model.predictX0(euler, next);
    double h = next - hat;
    return xHat.add(xHat.sub(denoised).mul(h / (2 * hat)))
        .addi(euler.sub(corrected).mul(h / (2 * next)));
  }
}
