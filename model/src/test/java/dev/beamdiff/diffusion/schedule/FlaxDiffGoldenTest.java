package dev.beamdiff.diffusion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.beamdiff.diffusion.Fixtures;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.EdmWeighting;
import dev.beamdiff.diffusion.prediction.EdmPreconditioning;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import org.junit.jupiter.api.Test;

/**
 * The reference values FlaxDiff 0.2.10 produces (shared/golden/schedules.json, values rounded to
 * float32 by FlaxDiff, hence the 1e-7 relative tolerance).
 */
class FlaxDiffGoldenTest {
  private static final JsonObject GOLDEN = Fixtures.json("flaxdiff-schedules.json");

  @Test
  void discreteLinearAndCosine() {
    check("linear_T1000_beta1e-4_0.02", DiscreteSchedule.linear());
    check("cosine_T1000_s0.008_betamax0.999", DiscreteSchedule.cosine());
  }

  @Test
  void continuousCosine() {
    check("cosine_continuous", new CosineSchedule());
  }

  @Test
  void karrasVe() {
    KarrasVeSchedule karras = new KarrasVeSchedule();
    for (JsonElement e :
        GOLDEN
            .getAsJsonObject("schedules")
            .getAsJsonArray("karras_ve_sigma(t)_min0.002_max80_rho7")) {
      JsonObject point = e.getAsJsonObject();
      double expected = point.get("sigma").getAsDouble();
      assertThat(karras.sigma(point.get("t").getAsDouble()))
          .isCloseTo(expected, within(1e-12 * expected));
    }
  }

  @Test
  void edmPreconditioningAndWeight() {
    EdmPreconditioning edm = new EdmPreconditioning();
    EdmWeighting weighting = new EdmWeighting(0.5);
    EdmSchedule schedule = new EdmSchedule();
    for (JsonElement e : GOLDEN.getAsJsonArray("edm_preconditioning_sigma_data0.5")) {
      JsonObject point = e.getAsJsonObject();
      NoiseLevel level = schedule.level(point.get("sigma").getAsDouble());
      Preconditioning c = edm.coefficients(level);
      // FlaxDiff adds 1e-8 to the denominators, a relative change below 1e-7.
      assertRelative(c.skip(), point.get("c_skip").getAsDouble(), 1e-7);
      assertRelative(c.out(), point.get("c_out").getAsDouble(), 1e-7);
      assertRelative(c.inputScale(), point.get("c_in").getAsDouble(), 1e-7);
      assertRelative(
          schedule.noiseConditioning(level), point.get("c_noise_flaxdiff").getAsDouble(), 1e-9);
      assertRelative(weighting.lambda(level), point.get("loss_weight").getAsDouble(), 1e-9);
      assertThat(weighting.weight(level, c)).isCloseTo(1, within(1e-12));
    }
  }

  private static void check(String key, NoiseSchedule schedule) {
    for (JsonElement e : GOLDEN.getAsJsonObject("schedules").getAsJsonArray(key)) {
      JsonObject point = e.getAsJsonObject();
      double t = point.get("t").getAsDouble();
      NoiseLevel level = schedule.level(t);
      assertRelative(level.alpha(), point.get("alpha").getAsDouble(), 1e-7);
      assertRelative(level.sigma(), point.get("sigma").getAsDouble(), 1e-7);
    }
  }

  private static void assertRelative(double actual, double expected, double tolerance) {
    assertThat(actual).isCloseTo(expected, within(tolerance * Math.max(Math.abs(expected), 1e-9)));
  }
}
