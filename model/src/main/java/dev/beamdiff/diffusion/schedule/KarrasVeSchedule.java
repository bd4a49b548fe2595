package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.EdmWeighting;
import dev.beamdiff.diffusion.loss.LossWeighting;
import dev.beamdiff.diffusion.noise.RandomDraws;
import java.util.random.RandomGenerator;

/**
 * A variance-exploding schedule ({@code α = 1}) along the ρ-ramp of Karras et al. 2022 (EDM,
 * arXiv:2206.00364, Eq. 5), as FlaxDiff's {@code KarrasVENoiseScheduler}: for {@code t ∈ [0, 1]},
 *
 * <pre>  σ(t) = (σ_min^{1/ρ} + t·(σ_max^{1/ρ} − σ_min^{1/ρ}))^ρ,</pre>
 *
 * so {@code σ(0) = σ_min}, {@code σ(1) = σ_max}. Defaults {@code σ_min = 0.002, σ_max = 80, ρ = 7}.
 * Training draws {@code t ~ U(0, 1)}, i.e. σ with the ramp's density; the network is conditioned on
 * {@code ¼·ln σ} and the default loss is EDM's {@code λ(σ)} with {@code σ_data = 0.5}.
 */
public final class KarrasVeSchedule implements NoiseSchedule {
  private final double sigmaMin;
  private final double sigmaMax;
  private final double rho;
  private final double rootMin;
  private final double rootMax;

  /** {@code σ_min = 0.002, σ_max = 80, ρ = 7}. */
  public KarrasVeSchedule() {
    this(0.002, 80, 7);
  }

  /** With the given range and ρ. */
  public KarrasVeSchedule(double sigmaMin, double sigmaMax, double rho) {
    if (!(sigmaMin > 0 && sigmaMax > sigmaMin && Double.isFinite(sigmaMax))) {
      throw new IllegalArgumentException(
          "sigmaMin, sigmaMax: expected 0 < σ_min < σ_max < ∞, got " + sigmaMin + ", " + sigmaMax);
    }
    if (!(rho > 0)) {
      throw new IllegalArgumentException("rho: expected a value > 0, got " + rho);
    }
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
    this.rho = rho;
    this.rootMin = Math.pow(sigmaMin, 1 / rho);
    this.rootMax = Math.pow(sigmaMax, 1 / rho);
  }

  @Override
  public String name() {
    return "karras";
  }

  @Override
  public double minTime() {
    return 0;
  }

  @Override
  public double maxTime() {
    return 1;
  }

  @Override
  public NoiseLevel level(double t) {
    double time = ContinuousTime.clamp(t, 0, 1);
    double sigma =
        time == 0
            ? sigmaMin
            : time == 1 ? sigmaMax : Math.pow(rootMin + time * (rootMax - rootMin), rho);
    return new NoiseLevel(time, 1, sigma);
  }

  @Override
  public double timeAtVeSigma(double veSigma) {
    VariancePreserving.checkVeSigma(veSigma);
    double t = (Math.pow(veSigma, 1 / rho) - rootMin) / (rootMax - rootMin);
    return ContinuousTime.clamp(t, 0, 1);
  }

  @Override
  public NoiseLevel levelAtVeSigma(double veSigma) {
    return ContinuousTime.varianceExploding(timeAtVeSigma(veSigma), veSigma);
  }

  /** {@code ¼·ln σ}. */
  @Override
  public double noiseConditioning(NoiseLevel level) {
    return 0.25 * Math.log(level.sigma());
  }

  @Override
  public double sampleTrainingTime(RandomGenerator random) {
    return RandomDraws.openUniform(random);
  }

  @Override
  public LossWeighting defaultWeighting() {
    return new EdmWeighting(EdmWeighting.DEFAULT_SIGMA_DATA);
  }

  /** σ_min. */
  public double sigmaMin() {
    return sigmaMin;
  }

  /** σ_max. */
  public double sigmaMax() {
    return sigmaMax;
  }

  /** ρ. */
  public double rho() {
    return rho;
  }
}
