package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * DDIM (Song, Meng & Ermon 2021, arXiv:2010.02502, Eq. 12 with σ_t(η) of Eq. 16). Written in {@code
 * x̃ = x/α}, {@code σ̃ = σ/α}, a step from {@code σ̃_t} to {@code σ̃_s} is
 *
 * <pre>
 *   ε̂ = (x̃ − x̂0)/σ̃_t,   σ_η = η·σ̃_s·√(1 − σ̃_s²/σ̃_t²),
 *   x̃_s = x̂0 + √(σ̃_s² − σ_η²)·ε̂ + s_noise·σ_η·z,
 * </pre>
 *
 * which is Eq. 12 divided by {@code α_s} for any schedule. η = 0 is the deterministic DDIM, equal
 * to the Euler step of the probability-flow ODE. With η = 1 it is exactly k-diffusion's Euler
 * ancestral sampler ({@code σ_up = σ_η}, {@code σ_down = √(σ̃_s² − σ_up²)}), registered as {@code
 * euler-ancestral}, and, for consecutive steps of a discrete schedule, DDPM's ancestral sampler
 * with {@code σ_t² = β̃_t} (see {@link DdpmSampler}). {@code s_noise} (1 by default) scales the
 * injected noise only, as in k-diffusion.
 */
public final class DdimSampler extends SingleStepSampler {
  private final String name;
  private final double eta;
  private final double sNoise;

  /** DDIM with the given η ∈ [0, 1]. */
  public DdimSampler(double eta) {
    this("ddim", eta, 1);
  }

  /**
   * @param name name to report (e.g. {@code euler-ancestral} for η = 1)
   * @param eta stochasticity η ∈ [0, 1]
   * @param sNoise scale of the injected noise, > 0
   */
  public DdimSampler(String name, double eta, double sNoise) {
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta: expected a value in [0, 1], got " + eta);
    }
    if (!(sNoise > 0) || Double.isInfinite(sNoise)) {
      throw new IllegalArgumentException("sNoise: expected a finite value > 0, got " + sNoise);
    }
    this.name = name;
    this.eta = eta;
    this.sNoise = sNoise;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isStochastic() {
    return eta > 0;
  }

  @Override
  NDArray step(
      X0Predictor model, NDArray x, SamplingGrid grid, int i, NoiseSource noise, NDManager scope) {
    double from = grid.veSigma(i);
    double to = grid.veSigma(i + 1);
    NDArray x0 = model.predictX0(x, from);
    double up = eta * to * Math.sqrt((from - to) * (from + to)) / from;
    double down = Math.sqrt(Math.max(0, (to - up) * (to + up)));
    NDArray next = blend(x, x0, down / from);
    if (up > 0) {
      next = next.addi(noiseLike(noise, scope, x, i).mul(sNoise * up));
    }
    return next;
  }
}
