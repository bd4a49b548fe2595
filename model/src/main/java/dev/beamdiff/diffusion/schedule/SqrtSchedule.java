package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.LossWeighting;
import dev.beamdiff.diffusion.loss.UniformWeighting;
import dev.beamdiff.diffusion.noise.RandomDraws;
import java.util.random.RandomGenerator;

/**
 * FlaxDiff's {@code SqrtContinuousNoiseScheduler}: {@code α(t) = √(1 − t)}, {@code σ(t) = √t},
 * {@code t ∈ [0, 1]} — variance preserving with {@code ᾱ(t) = 1 − t} linear in time, {@code σ̃² =
 * t/(1 − t)}, so {@code t = σ̃²/(1 + σ̃²)}.
 *
 * <p>{@code α(1) = 0}: pair it with v- or x0-prediction. Training draws {@code t ~ U(0, 1)} and the
 * default loss is unweighted (FlaxDiff left this schedule without one, so it could not be trained);
 * the network is conditioned on t. Sampling stops at {@link #minTime()} (default {@code 10⁻⁴},
 * where {@code σ = 0.01} as at DDPM's first step) and then denoises.
 */
public final class SqrtSchedule implements NoiseSchedule {
  private final double minTime;

  /** With sampling cut-off {@code minTime = 1e-4}. */
  public SqrtSchedule() {
    this(1e-4);
  }

  /** With the given sampling cut-off in (0, 1). */
  public SqrtSchedule(double minTime) {
    if (!(minTime > 0 && minTime < 1)) {
      throw new IllegalArgumentException("minTime: expected a value in (0, 1), got " + minTime);
    }
    this.minTime = minTime;
  }

  @Override
  public String name() {
    return "sqrt";
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
    return new NoiseLevel(time, Math.sqrt(1 - time), Math.sqrt(time));
  }

  @Override
  public double timeAtVeSigma(double veSigma) {
    return 1 - VariancePreserving.alphaBarAt(veSigma);
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
