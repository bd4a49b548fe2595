package dev.beamdiff.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.GaussianData;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.schedule.DiscreteSchedule;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("slow")
class EdgeCaseTest {
  private static final GaussianData DATA = new GaussianData(0.5);
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Every sampler × the schedules whose ends are delicate (α → 0, σ̃ = 4096 starts, σ → 0). */
  static List<Arguments> everySamplerOnEverySchedule() {
    List<Arguments> cases = new ArrayList<>();
    String[][] specs = {
      {"linear", "eps"},
      {"cosine", "eps"},
      {"cosine-zsnr", "v"},
      {"linear-zsnr", "x0"},
      {"cosine-continuous", "v"},
      {"sqrt", "edm"},
      {"karras", "edm"},
      {"edm", "v"}
    };
    for (String[] spec : specs) {
      for (String sampler : Samplers.names()) {
        cases.add(Arguments.of(spec[0], spec[1], sampler));
      }
    }
    return cases;
  }

  /**
   * One step and ten steps, batch of one, through the network chain: finite results on every
   * schedule end. A single step from the prior is x̂0 of the prior sample for the deterministic
   * methods whose last step is the Euler jump to σ = 0.
   */
  @ParameterizedTest(name = "{0}/{1} with {2}")
  @MethodSource("everySamplerOnEverySchedule")
  void finiteFromPureNoiseToCleanInOneAndTenSteps(
      String schedule, String prediction, String samplerName) {
    DiffusionSpec spec = DiffusionSpec.parse(schedule, prediction, null);
    SamplingModel model =
        SamplingModel.builder(DATA.idealNetwork(spec.schedule(), spec.prediction()), spec).build();
    Sampler sampler = Samplers.byName(samplerName);
    StepSpacing spacing = Samplers.spacingByName(Samplers.defaultSpacing(samplerName));
    for (int steps : new int[] {1, 10}) {
      SamplingGrid grid = SamplingGrid.of(spec.schedule(), spacing, steps);
      try (NDManager scope = manager.newSubManager()) {
        NoiseSource noise = SeededNoise.of(5);
        NDArray start =
            Generation.priorSample(scope, new Shape(1, 3, 4, 4), DataType.FLOAT32, grid, noise);
        NDArray result = sampler.sample(model, start, grid, noise);
        assertThat(result.getShape()).isEqualTo(new Shape(1, 3, 4, 4));
        float[] values = result.toFloatArray();
        for (float v : values) {
          assertThat(Float.isFinite(v))
              .as("%s/%s/%s, %d steps", schedule, prediction, samplerName, steps)
              .isTrue();
        }
        if (steps == 1 && !sampler.isStochastic()) {
          // ε-prediction at σ̃ ≈ 2·10⁴ (cosine) loses x̂0 to float32 cancellation, so compare
          // absolutely where x̂0 is tiny.
          float[] denoised = model.predictX0(start, grid.veSigma(0)).toFloatArray();
          for (int k = 0; k < values.length; k++) {
            assertThat((double) values[k])
                .isCloseTo(denoised[k], within(1e-6 * Math.max(1, Math.abs(denoised[k]))));
          }
        }
      }
    }
  }

  /**
   * A thousand steps neither leak arrays nor lose accuracy: DDPM over all 1000 timesteps of the
   * linear schedule, and the multistep methods, which keep history across steps.
   */
  @Test
  void thousandStepsDoNotGrowMemory() {
    X0Predictor ideal = DATA.idealDenoiser();
    List<Sampler> samplers =
        List.of(
            new DdpmSampler(),
            Samplers.byName("dpmpp-2m-sde"),
            Samplers.byName("lms"),
            Samplers.byName("unipc"));
    for (Sampler sampler : samplers) {
      try (NDManager scope = manager.newSubManager()) {
        SamplingGrid grid =
            sampler instanceof DdpmSampler
                ? SamplingGrid.of(DiscreteSchedule.linear(), TimeSpacing.TRAILING, 1000)
                : SamplingGrid.of(new EdmSchedule(), new KarrasSpacing(), 1000);
        NoiseSource noise = SeededNoise.of(1, 2);
        NDArray start =
            Generation.priorSample(scope, new Shape(2, 1, 8, 8), DataType.FLOAT32, grid, noise);
        int before = scope.getManagedArrays().size();
        int[] peak = {0};
        NDArray result =
            sampler.sample(
                ideal,
                start,
                grid,
                noise,
                (done, total) -> peak[0] = Math.max(peak[0], scope.getManagedArrays().size()));
        assertThat(scope.getManagedArrays()).as(sampler.name()).hasSize(before + 1);
        assertThat(peak[0])
            .as("%s: live arrays between steps", sampler.name())
            .isLessThan(before + 8);
        result.close();
        assertThat(start.isReleased()).isFalse();
      }
    }
  }

  @Test
  void batchOfOneEqualsTheSameElementInALargerBatch() {
    SamplingGrid grid = SamplingGrid.of(new EdmSchedule(), new KarrasSpacing(), 20);
    for (String name : Samplers.names()) {
      Sampler sampler = Samplers.byName(name);
      try (NDManager scope = manager.newSubManager()) {
        SeededNoise three = SeededNoise.of(11, 22, 33);
        NDArray batch =
            Generation.priorSample(scope, new Shape(3, 2, 4, 4), DataType.FLOAT32, grid, three);
        NDArray single =
            Generation.priorSample(
                scope, new Shape(1, 2, 4, 4), DataType.FLOAT32, grid, three.slice(1, 2));
        NDArray all = sampler.sample(DATA.idealDenoiser(), batch, grid, three);
        NDArray one = sampler.sample(DATA.idealDenoiser(), single, grid, three.slice(1, 2));
        assertThat(one.toFloatArray()).as(name).containsExactly(all.get("1:2").toFloatArray());
      }
    }
  }

  @Test
  void sameSeedGivesBitIdenticalRuns() {
    SamplingGrid grid = SamplingGrid.of(DiscreteSchedule.linear(), TimeSpacing.TRAILING, 50);
    for (String name : List.of("ddpm", "euler-ancestral", "dpmpp-2m-sde")) {
      try (NDManager scope = manager.newSubManager()) {
        float[][] runs = new float[2][];
        for (int run = 0; run < 2; run++) {
          NDArray result =
              Generation.generate(
                  Samplers.byName(name),
                  DATA.idealDenoiser(),
                  scope,
                  new Shape(2, 1, 8, 8),
                  grid,
                  SeededNoise.forIndices(2024, 0, 2),
                  StepListener.NONE);
          runs[run] = result.toFloatArray();
        }
        assertThat(runs[1]).as(name).containsExactly(runs[0]);
      }
    }
  }

  @Test
  void epsilonAtPureNoiseIsAClearError() {
    DiffusionSpec spec = DiffusionSpec.parse("linear", "eps", null);
    SamplingModel model =
        SamplingModel.builder(DATA.idealNetwork(spec.schedule(), spec.prediction()), spec).build();
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.ones(new Shape(1, 1, 2, 2));
      assertThatThrownBy(() -> model.predictX0(x, Double.POSITIVE_INFINITY))
          .hasMessageContaining("finite noise levels > 0");
      assertThatThrownBy(() -> model.predictX0(x, 0)).hasMessageContaining("finite noise levels");
    }
  }
}
