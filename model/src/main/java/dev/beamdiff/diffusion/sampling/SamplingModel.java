package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.Conditioning;
import dev.beamdiff.diffusion.Denoiser;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.guidance.ClassifierFreeGuidance;
import dev.beamdiff.diffusion.guidance.Thresholding;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.prediction.PredictionTransform;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.Objects;

/**
 * A trained network turned into the denoiser {@code D(x̃; σ̃)} samplers call. For a batch {@code
 * x̃} at noise level {@code σ̃}:
 *
 * <ol>
 *   <li>the schedule gives the level {@code (t, α, σ)} with {@code σ/α = σ̃} ({@link
 *       SamplingGrid#levelAt}); {@code x_t = α·x̃};
 *   <li>the network sees {@code c_in·x_t} and {@code c_noise} (shape [B], float32) and returns F,
 *       guided by {@link ClassifierFreeGuidance} if set (one doubled batch);
 *   <li>the prediction transform gives {@code x̂0 = c_skip·x_t + c_out·F};
 *   <li>{@link Thresholding}, if set, corrects {@code x̂0}.
 * </ol>
 */
public final class SamplingModel implements X0Predictor {
  private final Denoiser network;
  private final NoiseSchedule schedule;
  private final PredictionTransform prediction;
  private final Conditioning conditioning;
  private final ClassifierFreeGuidance guidance;
  private final Thresholding thresholding;

  private SamplingModel(Builder builder) {
    this.network = builder.network;
    this.schedule = builder.schedule;
    this.prediction = builder.prediction;
    this.conditioning = builder.conditioning;
    this.guidance = builder.guidance;
    this.thresholding = builder.thresholding;
  }

  /** A builder for {@code network} trained with the spec's schedule and prediction transform. */
  public static Builder builder(Denoiser network, DiffusionSpec spec) {
    return new Builder(network, spec.schedule(), spec.prediction());
  }

  /** A builder for {@code network} trained with {@code schedule} and {@code prediction}. */
  public static Builder builder(
      Denoiser network, NoiseSchedule schedule, PredictionTransform prediction) {
    return new Builder(network, schedule, prediction);
  }

  @Override
  public NDArray predictX0(NDArray x, double veSigma) {
    if (!(veSigma > 0) || Double.isInfinite(veSigma)) {
      throw new IllegalArgumentException(
          "veSigma: the network is evaluated at finite noise levels > 0, got " + veSigma);
    }
    NoiseLevel level = SamplingGrid.levelAt(schedule, veSigma);
    Preconditioning c = prediction.coefficients(level);
    double inputScale = c.inputScale() * level.alpha();
    double skip = c.skip() * level.alpha();
    if (!Double.isFinite(inputScale) || !Double.isFinite(skip) || !Double.isFinite(c.out())) {
      throw new IllegalStateException(
          "prediction '"
              + prediction.name()
              + "' cannot recover x0 at σ/α = "
              + veSigma
              + " on schedule '"
              + schedule.name()
              + "' (α = "
              + level.alpha()
              + ")");
    }
    long batch = x.getShape().get(0);
    NDArray input = x.mul(inputScale);
    NDArray noise =
        x.getManager()
            .full(new Shape(batch), (float) schedule.noiseConditioning(level), DataType.FLOAT32);
    NDArray raw =
        guidance == null
            ? network.forward(input, noise, conditioning)
            : guidance.apply(network, input, noise, conditioning);
    if (!raw.getShape().equals(x.getShape())) {
      throw new IllegalStateException(
          "network output: expected shape " + x.getShape() + ", got " + raw.getShape());
    }
    if (raw.getDataType() != x.getDataType()) {
      raw = raw.toType(x.getDataType(), false);
    }
    NDArray x0 = x.mul(skip).addi(raw.mul(c.out()));
    return thresholding == null ? x0 : thresholding.apply(x0);
  }

  /** Builds a {@link SamplingModel}. */
  public static final class Builder {
    private final Denoiser network;
    private final NoiseSchedule schedule;
    private final PredictionTransform prediction;
    private Conditioning conditioning = Conditioning.none();
    private ClassifierFreeGuidance guidance;
    private Thresholding thresholding;

    private Builder(Denoiser network, NoiseSchedule schedule, PredictionTransform prediction) {
      this.network = Objects.requireNonNull(network, "network");
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      this.prediction = Objects.requireNonNull(prediction, "prediction");
    }

    /** Conditioning of the batch (e.g. class labels [B]); none by default. */
    public Builder conditioning(Conditioning conditioning) {
      this.conditioning = Objects.requireNonNull(conditioning, "conditioning");
      return this;
    }

    /** Classifier-free guidance with scale {@code g} and the null conditioning. */
    public Builder guidance(double scale, Conditioning unconditional) {
      this.guidance = new ClassifierFreeGuidance(scale, unconditional);
      return this;
    }

    /** A correction of every {@code x̂0} (clipping or dynamic thresholding); none by default. */
    public Builder thresholding(Thresholding thresholding) {
      this.thresholding = thresholding;
      return this;
    }

    /** The model. */
    public SamplingModel build() {
      if (guidance != null && conditioning.isEmpty()) {
        throw new IllegalStateException(
            "guidance: classifier-free guidance needs a conditioning to guide towards");
      }
      return new SamplingModel(this);
    }
  }
}
