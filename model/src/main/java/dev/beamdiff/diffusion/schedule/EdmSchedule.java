package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.EdmWeighting;
import dev.beamdiff.diffusion.loss.LossWeighting;
import dev.beamdiff.diffusion.noise.RandomDraws;
import java.util.random.RandomGenerator;

/**
 * The EDM process of Karras et al. 2022 (arXiv:2206.00364, Table 1, "Ours"): variance exploding
 * with {@code σ(t) = t}, {@code α = 1}, so the time is the noise level itself. Training draws
 * {@code ln σ ~ N(P_mean, P_std²)} with {@code P_mean = −1.2, P_std = 1.2}; the network is
 * conditioned on {@code c_noise = ¼·ln σ} and the default loss is {@code λ(σ) = (σ² + σ_data²)/(σ·
 * σ_data)²}. Sampling runs from {@code σ_max = 80} down to {@code σ_min = 0.002}, then denoises.
 */
public final class EdmSchedule implements NoiseSchedule {
  private final double sigmaMin;
  private final double sigmaMax;
  private final double pMean;
  private final double pStd;

  /** {@code σ ∈ [0.002, 80]}, {@code P_mean = −1.2}, {@code P_std = 1.2}. */
  public EdmSchedule() {
    this(0.002, 80, -1.2, 1.2);
  }

  /** With the given sampling range and training log-normal. */
  public EdmSchedule(double sigmaMin, double sigmaMax, double pMean, double pStd) {
    if (!(sigmaMin > 0 && sigmaMax > sigmaMin && Double.isFinite(sigmaMax))) {
      throw new IllegalArgumentException(
          "sigmaMin, sigmaMax: expected 0 < σ_min < σ_max < ∞, got " + sigmaMin + ", " + sigmaMax);
    }
    if (!(pStd > 0) || !Double.isFinite(pMean)) {
      throw new IllegalArgumentException(
          "pMean, pStd: expected a finite mean and a std > 0, got " + pMean + ", " + pStd);
    }
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
    this.pMean = pMean;
    this.pStd = pStd;
  }

  @Override
  public String name() {
    return "edm";
  }

  @Override
  public double minTime() {
    return sigmaMin;
  }

  @Override
  public double maxTime() {
    return sigmaMax;
  }

  /** {@code σ = t}; any {@code t ≥ 0} is valid (training draws exceed the sampling range). */
  @Override
  public NoiseLevel level(double t) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("t: expected a finite σ ≥ 0, got " + t);
    }
    return new NoiseLevel(t, 1, t);
  }

  @Override
  public double timeAtVeSigma(double veSigma) {
    VariancePreserving.checkVeSigma(veSigma);
    return veSigma;
  }

  @Override
  public NoiseLevel levelAtVeSigma(double veSigma) {
    return ContinuousTime.varianceExploding(veSigma, veSigma);
  }

  /** {@code ¼·ln σ}. */
  @Override
  public double noiseConditioning(NoiseLevel level) {
    return 0.25 * Math.log(level.sigma());
  }

  /** {@code σ = exp(P_mean + P_std·n)}, {@code n ~ N(0, 1)}. */
  @Override
  public double sampleTrainingTime(RandomGenerator random) {
    return Math.exp(pMean + pStd * RandomDraws.gaussian(random));
  }

  @Override
  public LossWeighting defaultWeighting() {
    return new EdmWeighting(EdmWeighting.DEFAULT_SIGMA_DATA);
  }
}
