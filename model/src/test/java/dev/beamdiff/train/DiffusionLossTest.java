package dev.beamdiff.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.data.ShuffledBatches;
import dev.beamdiff.diffusion.Denoiser;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.RandomDraws;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batch loss against a plain double-precision recomputation from the same random draws, with an
 * analytic "network" F = ½·input + c_noise + y/10 that makes every coefficient visible.
 */
@Tag("slow")
class DiffusionLossTest {
  private static final int B = 6;
  private static final Shape IMAGE = new Shape(2, 3, 2);
  private static final int PIXELS = 12;
  private static final int CLASSES = 3;

  /** F = ½·input + c_noise (per image) + label/10. */
  private static final Denoiser ANALYTIC =
      (input, noise, conditioning) -> {
        NDArray f = input.mul(0.5f).add(noise.reshape(-1, 1, 1, 1));
        if (!conditioning.isEmpty()) {
          f =
              f.add(
                  conditioning
                      .get(0)
                      .toType(DataType.FLOAT32, false)
                      .mul(0.1f)
                      .reshape(-1, 1, 1, 1));
        }
        return f;
      };

  @ParameterizedTest
  @CsvSource({
    "linear, eps, uniform, 0.0",
    "cosine, v, min-snr, 0.5",
    "edm, edm, edm, 0.3",
    "karras, x0, snr, 0.0",
  })
  void matchesAnIndependentRecomputation(
      String schedule, String prediction, String weighting, double dropout) {
    DiffusionSpec spec = DiffusionSpec.parse(schedule, prediction, weighting);
    ShuffledBatches.Batch batch = batch();
    StepRandomness random = StepRandomness.of(99, 7);
    try (NDManager manager = NDManager.newBaseManager()) {
      double actual =
          new DiffusionLoss(spec, ANALYTIC, CLASSES, dropout)
              .compute(manager, batch, IMAGE, random)
              .getFloat();
      double expected = expectedLoss(spec, batch, random, dropout, manager);
      assertThat(actual).isCloseTo(expected, offset(1e-5 * Math.max(1, Math.abs(expected))));
    }
  }

  @ParameterizedTest
  @CsvSource({"edm, edm, edm"})
  void unconditionalNetworksGetNoLabels(String schedule, String prediction, String weighting) {
    DiffusionSpec spec = DiffusionSpec.parse(schedule, prediction, weighting);
    Denoiser checksNoLabels =
        (input, noise, conditioning) -> {
          assertThat(conditioning.isEmpty()).isTrue();
          return input.zerosLike();
        };
    try (NDManager manager = NDManager.newBaseManager()) {
      float loss =
          new DiffusionLoss(spec, checksNoLabels, 0, 0.1)
              .compute(manager, batch(), IMAGE, StepRandomness.of(1, 1))
              .getFloat();
      assertThat(loss).isPositive();
      assertThatThrownBy(
              () ->
                  new DiffusionLoss(spec, ANALYTIC, 2, 0)
                      .compute(manager, batch(), IMAGE, StepRandomness.of(1, 1)))
          .hasMessageContaining("label 2 is not a class of the network");
    }
  }

  private static ShuffledBatches.Batch batch() {
    float[] images = new float[B * PIXELS];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) Math.sin(0.37 * i);
    }
    int[] labels = {0, 1, 2, 2, 1, 0};
    return new ShuffledBatches.Batch(3, images, labels);
  }

  private static double expectedLoss(
      DiffusionSpec spec,
      ShuffledBatches.Batch batch,
      StepRandomness random,
      double dropout,
      NDManager manager) {
    double[] times = spec.schedule().sampleTrainingTimes(random.times(), B);
    float[] eps =
        random
            .noise(B)
            .gaussian(manager, new Shape(B).addAll(IMAGE), DataType.FLOAT32, NoiseSource.INITIAL)
            .toFloatArray();
    RandomGenerator drop = random.labelDropout();
    double total = 0;
    for (int b = 0; b < B; b++) {
      NoiseLevel level = spec.schedule().level(times[b]);
      Preconditioning c = spec.prediction().coefficients(level);
      double w = spec.weighting().weight(level, c);
      double cNoise = spec.schedule().noiseConditioning(level);
      int label = RandomDraws.openUniform(drop) < dropout ? CLASSES : batch.labels()[b];
      double squares = 0;
      for (int p = 0; p < PIXELS; p++) {
        double x0 = batch.images()[b * PIXELS + p];
        double e = eps[b * PIXELS + p];
        double xt = level.alpha() * x0 + level.sigma() * e;
        double f = 0.5 * c.inputScale() * xt + cNoise + label / 10.0;
        double target = c.targetData() * x0 + c.targetNoise() * e;
        squares += (f - target) * (f - target);
      }
      total += w * squares / PIXELS;
    }
    return total / B;
  }
}
