package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * Starting points for sampling: from the prior (generation) or from a given image (img2img /
 * SDEdit), in the variance-exploding frame the samplers work in.
 */
public final class Generation {
  private Generation() {}

  /**
   * The prior sample at the grid's first level: {@code x_T ~ N(0, (α² + σ²)·I)} — the forward
   * marginal for unit-variance data, {@code N(0, I)} for variance-preserving schedules — which in
   * {@code x̃ = x/α} is {@code x̃ = √(1 + σ̃²)·z} (diffusers' {@code init_noise_sigma}), with
   * {@code z} from stream {@link NoiseSource#INITIAL}.
   */
  public static NDArray priorSample(
      NDManager manager, Shape shape, DataType dataType, SamplingGrid grid, NoiseSource noise) {
    double sigma = grid.veSigma(0);
    NDArray z = noise.gaussian(manager, shape, dataType, NoiseSource.INITIAL);
    NDArray x = z.mul(Math.sqrt(1 + sigma * sigma));
    z.close();
    return x;
  }

  /**
   * SDEdit's perturbation (Meng et al. 2022, arXiv:2108.01073, §3): {@code x_t = α·x0 + σ·z}, i.e.
   * {@code x̃ = x0 + σ̃_0·z} at the grid's first level, with {@code z} from stream {@link
   * NoiseSource#INITIAL}.
   */
  public static NDArray perturb(NDArray image, SamplingGrid grid, NoiseSource noise) {
    NDArray z =
        noise.gaussian(
            image.getManager(), image.getShape(), image.getDataType(), NoiseSource.INITIAL);
    NDArray x = image.add(z.mul(grid.veSigma(0)));
    z.close();
    return x;
  }

  /** Generates a batch from the prior; the result is the clean sample if the grid ends at σ = 0. */
  public static NDArray generate(
      Sampler sampler,
      X0Predictor model,
      NDManager manager,
      Shape shape,
      SamplingGrid grid,
      NoiseSource noise,
      StepListener listener) {
    try (NDArray start = priorSample(manager, shape, DataType.FLOAT32, grid, noise)) {
      return sampler.sample(model, start, grid, noise, listener);
    }
  }

  /**
   * Image-to-image: perturbs {@code image} to the level of {@code grid.forStrength(strength)} and
   * samples down from there.
   */
  public static NDArray imageToImage(
      Sampler sampler,
      X0Predictor model,
      NDArray image,
      double strength,
      SamplingGrid grid,
      NoiseSource noise,
      StepListener listener) {
    SamplingGrid partial = grid.forStrength(strength);
    try (NDArray start = perturb(image, partial, noise)) {
      return sampler.sample(model, start, partial, noise, listener);
    }
  }
}
