package dev.beamdiff.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.data.ShuffledBatches;
import dev.beamdiff.diffusion.Conditioning;
import dev.beamdiff.diffusion.Denoiser;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.RandomDraws;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.random.RandomGenerator;

/**
 * The denoising loss of one batch, for any schedule, prediction target and loss weighting (Ho et
 * al. 2020, Algorithm 1, in the general form of Karras et al. 2022, Eq. 2 and 8). For each image x₀
 * of the batch:
 *
 * <pre>
 *   t ~ p_train(t),  ε ~ N(0, I),  x_t = α(t)·x₀ + σ(t)·ε
 *   F = network(c_in·x_t, c_noise(t), y′)        y′ = null label with probability p_uncond
 *   L = (1/B) Σ_b  w(t_b) · mean_pixels (F − (a·x₀ + b·ε))²
 * </pre>
 *
 * with c_in, the target coefficients a, b and the weight w from the prediction transform and loss
 * weighting at each image's own level. Replacing labels by the null label K is classifier-free
 * guidance's joint training of the conditional and unconditional model (Ho &amp; Salimans 2022,
 * Algorithm 1).
 */
final class DiffusionLoss {
  private final DiffusionSpec diffusion;
  private final Denoiser network;
  private final int numClasses;
  private final double labelDropout;

  /**
   * @param network the network in training mode (dropout on)
   * @param numClasses K &gt; 0 for a class-conditional network (null label K), 0 otherwise
   * @param labelDropout probability of the null label
   */
  DiffusionLoss(DiffusionSpec diffusion, Denoiser network, int numClasses, double labelDropout) {
    this.diffusion = diffusion;
    this.network = network;
    this.numClasses = numClasses;
    this.labelDropout = labelDropout;
  }

  /**
   * The scalar loss of {@code batch} (images of shape {@code imageShape} = [C, H, W] each), its
   * arrays in {@code manager}.
   */
  NDArray compute(
      NDManager manager, ShuffledBatches.Batch batch, Shape imageShape, StepRandomness random) {
    int b = batch.labels().length;
    Shape shape = new Shape(b).addAll(imageShape);
    NDArray x0 = manager.create(batch.images(), shape);
    double[] times = diffusion.schedule().sampleTrainingTimes(random.times(), b);
    float[] alpha = new float[b];
    float[] sigma = new float[b];
    float[] inputScale = new float[b];
    float[] targetData = new float[b];
    float[] targetNoise = new float[b];
    float[] weight = new float[b];
    float[] noiseConditioning = new float[b];
    for (int i = 0; i < b; i++) {
      NoiseLevel level = diffusion.schedule().level(times[i]);
      Preconditioning c = diffusion.prediction().coefficients(level);
      alpha[i] = (float) level.alpha();
      sigma[i] = (float) level.sigma();
      inputScale[i] = (float) c.inputScale();
      targetData[i] = (float) c.targetData();
      targetNoise[i] = (float) c.targetNoise();
      weight[i] = (float) diffusion.weighting().weight(level, c);
      noiseConditioning[i] = (float) diffusion.schedule().noiseConditioning(level);
    }
    NDArray noise = random.noise(b).gaussian(manager, shape, DataType.FLOAT32, NoiseSource.INITIAL);
    NDArray xt = x0.mul(column(manager, alpha)).add(noise.mul(column(manager, sigma)));
    NDArray input = xt.mul(column(manager, inputScale));
    NDArray raw =
        network.forward(
            input, manager.create(noiseConditioning), conditioning(manager, batch, random));
    NDArray target =
        x0.mul(column(manager, targetData)).add(noise.mul(column(manager, targetNoise)));
    NDArray perImage = raw.sub(target).square().reshape(b, -1).mean(new int[] {1});
    return perImage.mul(manager.create(weight)).mean();
  }

  /** The labels with dropout to the null label, or none for an unconditional network. */
  private Conditioning conditioning(
      NDManager manager, ShuffledBatches.Batch batch, StepRandomness random) {
    if (numClasses == 0) {
      return Conditioning.none();
    }
    int[] labels = batch.labels().clone();
    RandomGenerator dropout = random.labelDropout();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "batch "
                + batch.number()
                + ": label "
                + labels[i]
                + " is not a class of the network (0…"
                + (numClasses - 1)
                + ")");
      }
      if (RandomDraws.openUniform(dropout) < labelDropout) {
        labels[i] = numClasses;
      }
    }
    return Conditioning.of(manager.create(labels));
  }

  private static NDArray column(NDManager manager, float[] values) {
    return manager.create(values, new Shape(values.length, 1, 1, 1));
  }
}
