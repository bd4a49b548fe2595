package dev.beamdiff.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.GaussianData;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deterministic samplers against the closed-form probability-flow ODE of Gaussian data (see {@link
 * GaussianData}): they land on the exact solution, and halving the step size divides the error by
 * 2^p, where p is the method's order.
 */
@Tag("slow")
class ExactSolutionTest {
  private static final GaussianData DATA = new GaussianData(0.5);
  private static final NoiseSchedule EDM = new EdmSchedule();
  private static final NoiseSource UNUSED = SeededNoise.of(1, 2, 3, 4, 5);
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /**
   * Orders measured on a Karras grid from σ̃ = 10 to 0.05 (no final jump to 0) in float64, from the
   * error ratios at N = 32 → 64 → 128. LMS is a fourth-order Adams method whose first three steps
   * run at orders 1–3; at these N its error still falls at ≈ 3.6 (the start-up error is tiny at
   * large σ̃, where the solution is nearly linear). UniPC of order 2 gains one order from its
   * corrector.
   */
  @ParameterizedTest(name = "{0}: order {1}…{2}")
  @CsvSource({
    "ddim, 0.95, 1.05",
    "euler, 0.95, 1.05",
    "heun, 1.95, 2.08",
    "dpmpp-2m, 1.95, 2.08",
    "rk4, 3.9, 4.1",
    "lms, 3.3, 4.1",
    "unipc, 2.8, 3.3"
  })
  void convergesAtItsOrder(String name, double lowest, double highest) {
    Sampler sampler = Samplers.byName(name);
    X0Predictor ideal = DATA.idealDenoiser();
    double[] errors = new double[3];
    int[] steps = {32, 64, 128};
    try (NDManager scope = manager.newSubManager()) {
      NDArray start = scope.create(new double[] {1, -2, 3, 0.5, -7}, new Shape(5));
      NDArray exact = start.mul(DATA.flowFactor(10, 0.05));
      for (int k = 0; k < steps.length; k++) {
        SamplingGrid grid = grid(steps[k]);
        errors[k] = GaussianData.relativeError(sampler.sample(ideal, start, grid, UNUSED), exact);
      }
    }
    for (int k = 1; k < steps.length; k++) {
      double order = Math.log(errors[k - 1] / errors[k]) / Math.log(2);
      assertThat(order)
          .as(
              "%s: order from N = %d to %d (errors %s, %s)",
              name, steps[k - 1], steps[k], errors[k - 1], errors[k])
          .isBetween(lowest, highest);
    }
  }

  /**
   * The same orders through the whole network chain on a variance-preserving v-prediction model.
   */
  @ParameterizedTest(name = "{0} through SamplingModel: order {1}…{2}")
  @CsvSource({"euler, 0.9, 1.1", "heun, 1.9, 2.1", "dpmpp-2m, 1.9, 2.15", "rk4, 3.8, 4.2"})
  void convergesAtItsOrderThroughTheNetworkChain(String name, double lowest, double highest) {
    DiffusionSpec spec = DiffusionSpec.parse("cosine-continuous", "v", null);
    SamplingModel model =
        SamplingModel.builder(DATA.idealNetwork(spec.schedule(), spec.prediction()), spec).build();
    Sampler sampler = Samplers.byName(name);
    try (NDManager scope = manager.newSubManager()) {
      NDArray start = scope.create(new double[] {0.3, -1.1, 2.0}, new Shape(3));
      NDArray exact = start.mul(DATA.flowFactor(10, 0.05));
      double coarse =
          GaussianData.relativeError(
              sampler.sample(model, start, vpGrid(spec.schedule(), 16), UNUSED), exact);
      double fine =
          GaussianData.relativeError(
              sampler.sample(model, start, vpGrid(spec.schedule(), 32), UNUSED), exact);
      assertThat(Math.log(coarse / fine) / Math.log(2))
          .as("%s: errors %s, %s", name, coarse, fine)
          .isBetween(lowest, highest);
    }
  }

  /**
   * Every deterministic sampler, through the network chain of each schedule family and prediction
   * transform, in float32, from the grid's first level down to σ = 0: within tolerance of the exact
   * x0 = x̃_T·s/√(s² + σ̃_T²).
   */
  @ParameterizedTest(name = "{0}/{1} with {2} ({3} steps, {4} spacing): rel. error < {5}")
  @CsvSource({
    "linear, eps, ddim, 250, trailing, 0.025",
    "linear, eps, dpmpp-2m, 50, karras, 0.015",
    "cosine, eps, heun, 100, karras, 0.02",
    "cosine, v, lms, 100, karras, 0.008",
    // exp's first level has σ̃ = 0.11: the final Euler jump to 0 leaves a 2.4% error at any N.
    "exp, x0, euler, 200, karras, 0.06",
    "linear-zsnr, v, ddim, 200, trailing, 0.03",
    "linear-zsnr, v, heun, 100, karras, 0.01",
    "cosine-continuous, v, rk4, 25, karras, 0.008",
    "sqrt, x0, dpmpp-2m, 50, exponential, 0.008",
    "karras, edm, heun, 50, karras, 0.012",
    "edm, edm, dpmpp-2m, 50, karras, 0.013",
    "edm, eps, rk4, 25, karras, 0.0005",
    "cosine, v, unipc, 100, karras, 0.007"
  })
  void landsOnTheExactSolution(
      String schedule, String prediction, String sampler, int steps, String spacing, double tol) {
    DiffusionSpec spec = DiffusionSpec.parse(schedule, prediction, null);
    SamplingModel model =
        SamplingModel.builder(DATA.idealNetwork(spec.schedule(), spec.prediction()), spec).build();
    SamplingGrid grid = SamplingGrid.of(spec.schedule(), Samplers.spacingByName(spacing), steps);
    try (NDManager scope = manager.newSubManager()) {
      NDArray start =
          Generation.priorSample(
              scope, new Shape(2, 1, 8, 8), DataType.FLOAT32, grid, SeededNoise.of(7, 8));
      NDArray result = Samplers.byName(sampler).sample(model, start, grid, UNUSED);
      NDArray exact = start.mul(DATA.flowFactor(grid.veSigma(0), 0));
      assertThat(result.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(GaussianData.relativeError(result, exact)).isLessThan(tol);
    }
  }

  private static SamplingGrid grid(int steps) {
    return SamplingGrid.ofLevels(EDM, new KarrasSpacing(7, 0.05, 10).levels(EDM, steps + 1));
  }

  private static SamplingGrid vpGrid(NoiseSchedule schedule, int steps) {
    return SamplingGrid.ofLevels(
        schedule, new KarrasSpacing(7, 0.05, 10).levels(schedule, steps + 1));
  }
}
