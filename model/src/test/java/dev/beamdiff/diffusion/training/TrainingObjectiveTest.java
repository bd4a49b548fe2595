package dev.beamdiff.diffusion.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("slow")
class TrainingObjectiveTest {
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Per-sample x_t, c_in·x_t, c_noise, target and weight against scalar recomputation. */
  @ParameterizedTest(name = "{0}/{1}/{2}")
  @CsvSource({
    "linear, eps, uniform",
    "cosine, v, min-snr",
    "linear-zsnr, v, snr",
    "cosine-continuous, x0, min-snr-2",
    "edm, edm, edm",
    "karras, eps, edm"
  })
  void preparesEachSampleAtItsOwnLevel(String schedule, String prediction, String weighting) {
    DiffusionSpec spec = DiffusionSpec.parse(schedule, prediction, weighting);
    TrainingObjective objective = new TrainingObjective(spec);
    int batch = 6;
    double[] times = objective.sampleTimes(new SplittableRandom(17), batch);
    if (schedule.endsWith("zsnr")) {
      times[0] = spec.schedule().maxTime(); // pure noise must work with v-prediction
    }
    try (NDManager scope = manager.newSubManager()) {
      Shape shape = new Shape(batch, 2, 3);
      NoiseSource noise = SeededNoise.forIndices(5, 0, batch);
      NDArray x0 = noise.gaussian(scope, shape, DataType.FLOAT64, 1).mul(0.5);
      NDArray eps = noise.gaussian(scope, shape, DataType.FLOAT64, 2);
      TrainingBatch prepared = objective.prepare(x0, eps, times);
      double[] data = x0.toDoubleArray();
      double[] noiseValues = eps.toDoubleArray();
      double[] noisy = prepared.noisy().toDoubleArray();
      double[] input = prepared.networkInput().toDoubleArray();
      double[] target = prepared.target().toDoubleArray();
      float[] conditioning = prepared.noiseConditioning().toFloatArray();
      float[] weights = prepared.weights().toFloatArray();
      assertThat(prepared.noiseConditioning().getShape()).isEqualTo(new Shape(batch));
      assertThat(prepared.noiseConditioning().getDataType()).isEqualTo(DataType.FLOAT32);
      for (int b = 0; b < batch; b++) {
        NoiseLevel level = spec.schedule().level(times[b]);
        Preconditioning c = spec.prediction().coefficients(level);
        assertThat(conditioning[b])
            .isCloseTo((float) spec.schedule().noiseConditioning(level), within(1e-6f));
        assertThat(weights[b])
            .isCloseTo((float) spec.weighting().weight(level, c), within(1e-6f * weights[b]));
        for (int k = 0; k < 6; k++) {
          int i = b * 6 + k;
          double xt = level.alpha() * data[i] + level.sigma() * noiseValues[i];
          assertThat(noisy[i]).isCloseTo(xt, within(1e-12));
          assertThat(input[i]).isCloseTo(c.inputScale() * xt, within(1e-12));
          assertThat(target[i])
              .isCloseTo(
                  c.targetData() * data[i] + c.targetNoise() * noiseValues[i], within(1e-12));
          // The target is what reconstructs x0.
          assertThat(c.skip() * xt + c.out() * target[i]).isCloseTo(data[i], within(1e-9));
        }
      }
      assertThat(objective.loss(prepared.target(), prepared).getDouble()).isZero();
      prepared.close();
    }
  }

  /** Known conditioning values: the discrete index, continuous t, ¼·ln σ for EDM. */
  @Test
  void noiseConditioningIsWhatTheNetworkIsPromised() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x0 = scope.zeros(new Shape(2, 1));
      check(scope, "linear", new double[] {0, 999}, new float[] {0, 999}, x0);
      check(scope, "cosine-continuous", new double[] {0.25, 0.5}, new float[] {0.25f, 0.5f}, x0);
      check(scope, "edm", new double[] {1, Math.E}, new float[] {0, 0.25f}, x0);
    }
  }

  @Test
  void lossIsTheWeightedMeanSquaredError() {
    DiffusionSpec spec = DiffusionSpec.parse("linear", "eps", "min-snr");
    TrainingObjective objective = new TrainingObjective(spec);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x0 = scope.zeros(new Shape(2, 4));
      NDArray eps = scope.ones(new Shape(2, 4));
      TrainingBatch batch = objective.prepare(x0, eps, new double[] {10, 900});
      NDArray raw =
          batch.target().add(scope.create(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, new Shape(2, 4)));
      float[] w = batch.weights().toFloatArray();
      assertThat(objective.loss(raw, batch).getFloat())
          .isCloseTo((w[0] * 1 + w[1] * 4) / 2, within(1e-6f));
      // Gradient for the trainer: ∂L/∂F = 2·w_b·(F − target)/(B·n).
      raw.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(objective.loss(raw, batch));
      }
      float[] gradient = raw.getGradient().toFloatArray();
      assertThat(gradient[0]).isCloseTo(2 * w[0] * 1 / 8, within(1e-6f));
      assertThat(gradient[7]).isCloseTo(2 * w[1] * 2 / 8, within(1e-6f));
    }
  }

  @Test
  void badInputsAreNamed() {
    TrainingObjective objective = new TrainingObjective(DiffusionSpec.parse("linear", null, null));
    try (NDManager scope = manager.newSubManager()) {
      NDArray x0 = scope.zeros(new Shape(2, 3));
      assertThatThrownBy(() -> objective.prepare(x0, scope.zeros(new Shape(2, 4)), new double[2]))
          .hasMessageContaining("noise: expected the shape of x0");
      assertThatThrownBy(() -> objective.prepare(x0, x0, new double[3]))
          .hasMessageContaining("times: expected one time per sample (2)");
      TrainingBatch batch = objective.prepare(x0, x0, new double[2]);
      assertThatThrownBy(() -> objective.loss(scope.zeros(new Shape(2, 2)), batch))
          .hasMessageContaining("rawOutput");
    }
  }

  @Test
  void seededTimeDrawsAreReproducible() {
    TrainingObjective objective = new TrainingObjective(DiffusionSpec.parse("edm", null, null));
    assertThat(objective.sampleTimes(new SplittableRandom(8), 64))
        .containsExactly(objective.sampleTimes(new SplittableRandom(8), 64));
  }

  private static void check(
      NDManager scope, String schedule, double[] times, float[] expected, NDArray x0) {
    TrainingObjective objective = new TrainingObjective(DiffusionSpec.parse(schedule, null, null));
    try (TrainingBatch batch = objective.prepare(x0, x0, times)) {
      assertThat(batch.noiseConditioning().toFloatArray()).containsExactly(expected, within(1e-6f));
    }
  }
}
