package dev.beamdiff.diffusion.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The denoising training objective of a {@link DiffusionSpec} (Ho et al. 2020, arXiv:2006.11239,
 * Alg. 1; Karras et al. 2022, arXiv:2206.00364, Eq. 2 and 8), per batch with per-sample noise
 * levels:
 *
 * <pre>
 *   t_b ~ p_train,  x_t = α(t_b)·x0 + σ(t_b)·ε,
 *   L = mean_b [ w(t_b) · mean_{c,h,w} (F(c_in·x_t, c_noise(t_b)) − target_b)² ],
 * </pre>
 *
 * where the target, {@code c_in} and {@code c_noise} come from the prediction transform and the
 * schedule, and {@code w} from the loss weighting. The per-sample scalars are computed in double
 * precision and applied as [B, 1, …, 1] arrays.
 */
public final class TrainingObjective {
  private final DiffusionSpec spec;

  /** The objective of {@code spec}. */
  public TrainingObjective(DiffusionSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** The spec. */
  public DiffusionSpec spec() {
    return spec;
  }

  /** Draws one training time per sample from the schedule's training distribution. */
  public double[] sampleTimes(RandomGenerator random, int batchSize) {
    return spec.schedule().sampleTrainingTimes(random, batchSize);
  }

  /**
   * Noises a batch and computes the network input, conditioning, target and weights.
   *
   * @param x0 clean data [B, …] (float32 or float64)
   * @param noise standard normal noise, same shape and type as {@code x0}
   * @param times one schedule time per sample
   * @return arrays owned by {@code x0}'s manager
   */
  public TrainingBatch prepare(NDArray x0, NDArray noise, double[] times) {
    Shape shape = x0.getShape();
    if (!noise.getShape().equals(shape)) {
      throw new IllegalArgumentException(
          "noise: expected the shape of x0, " + shape + ", got " + noise.getShape());
    }
    int batch = (int) shape.get(0);
    if (times.length != batch) {
      throw new IllegalArgumentException(
          "times: expected one time per sample (" + batch + "), got " + times.length);
    }
    double[] alpha = new double[batch];
    double[] sigma = new double[batch];
    double[] inputScale = new double[batch];
    double[] targetData = new double[batch];
    double[] targetNoise = new double[batch];
    float[] conditioning = new float[batch];
    float[] weights = new float[batch];
    for (int b = 0; b < batch; b++) {
      NoiseLevel level = spec.schedule().level(times[b]);
      Preconditioning c = spec.prediction().coefficients(level);
      alpha[b] = level.alpha();
      sigma[b] = level.sigma();
      inputScale[b] = c.inputScale();
      targetData[b] = c.targetData();
      targetNoise[b] = c.targetNoise();
      conditioning[b] = (float) spec.schedule().noiseConditioning(level);
      double weight = spec.weighting().weight(level, c);
      if (!Double.isFinite(weight) || !Double.isFinite(inputScale[b])) {
        throw new IllegalStateException(
            "spec " + spec + ": no finite loss weight or input scale at t = " + times[b]);
      }
      weights[b] = (float) weight;
    }
    NDManager manager = x0.getManager();
    DataType type = x0.getDataType();
    try (NDManager scratch = manager.newSubManager()) {
      NDArray a = column(scratch, alpha, shape, type);
      NDArray s = column(scratch, sigma, shape, type);
      NDArray noisy = x0.mul(a).add(noise.mul(s));
      NDArray input = noisy.mul(column(scratch, inputScale, shape, type));
      NDArray target =
          x0.mul(column(scratch, targetData, shape, type))
              .add(noise.mul(column(scratch, targetNoise, shape, type)));
      noisy.attach(manager);
      input.attach(manager);
      target.attach(manager);
      return new TrainingBatch(
          times.clone(),
          noisy,
          input,
          manager.create(conditioning),
          target,
          manager.create(weights));
    }
  }

  /**
   * The weighted loss {@code mean_b [w_b · mean((F_b − target_b)²)]}: a scalar, differentiable in
   * {@code rawOutput}.
   */
  public NDArray loss(NDArray rawOutput, TrainingBatch batch) {
    if (!rawOutput.getShape().equals(batch.target().getShape())) {
      throw new IllegalArgumentException(
          "rawOutput: expected the target's shape "
              + batch.target().getShape()
              + ", got "
              + rawOutput.getShape());
    }
    long batchSize = rawOutput.getShape().get(0);
    NDArray perSample =
        rawOutput.sub(batch.target()).square().reshape(batchSize, -1).mean(new int[] {1});
    return perSample.mul(batch.weights()).mean();
  }

  /** {@code values} as a [B, 1, …, 1] array broadcasting against {@code shape}. */
  private static NDArray column(NDManager manager, double[] values, Shape shape, DataType type) {
    long[] dims = new long[shape.dimension()];
    Arrays.fill(dims, 1);
    dims[0] = values.length;
    NDArray column = manager.create(values, new Shape(dims));
    return type == DataType.FLOAT64 ? column : column.toType(type, false);
  }
}
