package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.LossWeighting;
import dev.beamdiff.diffusion.loss.UniformWeighting;
import dev.beamdiff.diffusion.noise.RandomDraws;
import java.util.random.RandomGenerator;

/**
 * The continuous cosine schedule {@code α(t) = cos(πt/2)}, {@code σ(t) = sin(πt/2)}, {@code t ∈ [0,
 * 1]} (Salimans & Ho 2022, arXiv:2202.00512, §2; FlaxDiff's {@code
 * CosineContinuousNoiseScheduler}): variance preserving with {@code σ̃ = tan(πt/2)}, so {@code t =
 * (2/π)·atan σ̃}.
 *
 * <p>{@code α(1) = 0} exactly (pure noise), so pair it with v- or x0-prediction. Training draws
 * {@code t ~ U(0, 1)}; the network is conditioned on t. Sampling stops at {@link #minTime()}
 * (default {@code 10⁻³}, the cut-off of Song et al. 2021, arXiv:2011.13456, §4.2) and then
 * denoises.
 */
public final class CosineSchedule implements NoiseSchedule {
  private final double minTime;

  /** With sampling cut-off {@code minTime = 1e-3}. */
  public CosineSchedule() {
    this(1e-3);
  }

  /** With the given sampling cut-off in (0, 1). */
  public CosineSchedule(double minTime) {
    if (!(minTime > 0 && minTime < 1)) {
      throw new IllegalArgumentException("minTime: expected a value in (0, 1), got " + minTime);
    }
    this.minTime = minTime;
  }

  @Override
  public String name() {
    return "cosine-continuous";
  }

  @Override
  public double minTime() {
    return minTime;
  }

  @Override
  public double maxTime() {
    return 1;
  }

  @Override
  public NoiseLevel level(double t) {
    double time = ContinuousTime.clamp(t, 0, 1);
    if (time == 1) {
      return new NoiseLevel(1, 0, 1);
    }
    double angle = Math.PI / 2 * time;
    return new NoiseLevel(time, Math.cos(angle), Math.sin(angle));
  }

  @Override
  public double timeAtVeSigma(double veSigma) {
    VariancePreserving.checkVeSigma(veSigma);
    return 2 / Math.PI * Math.atan(veSigma);
  }

  @Override
  public NoiseLevel levelAtVeSigma(double veSigma) {
    return VariancePreserving.levelAt(timeAtVeSigma(veSigma), veSigma);
  }

  /** t ∈ [0, 1]. */
  @Override
  public double noiseConditioning(NoiseLevel level) {
    return level.time();
  }

  @Override
  public double sampleTrainingTime(RandomGenerator random) {
    return RandomDraws.openUniform(random);
  }

  @Override
  public LossWeighting defaultWeighting() {
    return new UniformWeighting();
  }
}
