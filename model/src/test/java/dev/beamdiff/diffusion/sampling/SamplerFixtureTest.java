package dev.beamdiff.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.beamdiff.diffusion.Fixtures;
import dev.beamdiff.diffusion.GaussianData;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole stochastic trajectories against the float64 numpy reference in {@code
 * sampler-trajectories.json} (tools/fixtures/diffusion_core.py: k-diffusion-style σ-space code with
 * a nonlinear denoiser and explicit noise), and the LMS weights against scipy quadrature.
 */
@Tag("slow")
class SamplerFixtureTest {
  private static final JsonObject FIXTURE = Fixtures.json("sampler-trajectories.json");
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** The fixture's denoiser: {@code (x·s² + 0.3·sin(x)·σ)/(s² + σ²)}, s² = 0.25. */
  private static final X0Predictor DENOISER =
      (x, sigma) -> x.mul(0.25).add(x.sin().mul(0.3 * sigma)).div(0.25 + sigma * sigma);

  @Test
  void heunWithChurnMatchesReference() {
    JsonObject heun = FIXTURE.getAsJsonObject("heunChurn");
    EdmSampler.Churn churn =
        new EdmSampler.Churn(
            heun.get("sChurn").getAsDouble(),
            heun.get("sTmin").getAsDouble(),
            heun.get("sTmax").getAsDouble(),
            heun.get("sNoise").getAsDouble());
    check(new EdmSampler(true, churn), heun.getAsJsonArray("result"));
  }

  @Test
  void dpmSolverPlusPlus2MSdeMatchesReference() {
    check(Samplers.byName("dpmpp-2m-sde"), FIXTURE.getAsJsonArray("dpmpp2mSde"));
  }

  @Test
  void eulerAncestralMatchesReference() {
    check(Samplers.byName("euler-ancestral"), FIXTURE.getAsJsonArray("eulerAncestral"));
  }

  @Test
  void lmsWeightsMatchScipyQuadrature() {
    JsonObject lms = Fixtures.json("lms-weights.json");
    double[] sigmas = Fixtures.doubles(lms.getAsJsonArray("sigmas"));
    for (var element : lms.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      int i = c.get("i").getAsInt();
      int order = c.get("order").getAsInt();
      double[] nodes = new double[order];
      for (int j = 0; j < order; j++) {
        nodes[j] = sigmas[i - j];
      }
      double[] expected = Fixtures.doubles(c.getAsJsonArray("weights"));
      double[] actual = LagrangeIntegrals.over(nodes, sigmas[i], sigmas[i + 1]);
      for (int j = 0; j < order; j++) {
        assertThat(actual[j])
            .as("step %d weight %d", i, j)
            .isCloseTo(expected[j], org.assertj.core.api.Assertions.within(1e-10));
      }
    }
  }

  private static void check(Sampler sampler, JsonArray expected) {
    double[] sigmas = Fixtures.doubles(FIXTURE.getAsJsonArray("sigmas"));
    JsonArray noiseRows = FIXTURE.getAsJsonArray("noise");
    try (NDManager scope = manager.newSubManager()) {
      NDArray start = scope.create(Fixtures.doubles(FIXTURE.getAsJsonArray("xStart")));
      NoiseSource replay =
          (m, shape, type, stream) ->
              m.create(Fixtures.doubles(noiseRows.get((int) stream - 1).getAsJsonArray()), shape)
                  .toType(type, false);
      SamplingGrid grid = SamplingGrid.ofVeSigmas(new EdmSchedule(), sigmas);
      NDArray result = sampler.sample(DENOISER, start, grid, replay);
      NDArray reference = scope.create(Fixtures.doubles(expected), new Shape(expected.size()));
      assertThat(GaussianData.relativeError(result, reference)).isLessThan(1e-12);
    }
  }
}
