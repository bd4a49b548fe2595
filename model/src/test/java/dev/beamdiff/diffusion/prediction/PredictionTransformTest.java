package dev.beamdiff.diffusion.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.diffusion.NoiseLevel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PredictionTransformTest {

  static List<PredictionTransform> transforms() {
    return List.of(
        new EpsilonPrediction(),
        new DataPrediction(),
        new VelocityPrediction(),
        new EdmPreconditioning(),
        new EdmPreconditioning(1.3));
  }

  /** Variance-preserving, variance-exploding and general levels. */
  static List<NoiseLevel> levels() {
    return List.of(
        new NoiseLevel(0, Math.sqrt(1 - 1e-4), 1e-2),
        new NoiseLevel(0, 0.6, 0.8),
        new NoiseLevel(0, 0.01, Math.sqrt(1 - 1e-4)),
        new NoiseLevel(0, 1, 0.002),
        new NoiseLevel(0, 1, 80),
        new NoiseLevel(0, 0.7, 3.1));
  }

  /**
   * Feeding the exact target as the raw output must give back x0 and ε: x̂0 = c_skip·x_t +
   * c_out·(a·x0 + b·ε) with x_t = α·x0 + σ·ε, for arbitrary scalars x0 and ε.
   */
  @ParameterizedTest
  @MethodSource("transforms")
  void targetReconstructsDataAndNoise(PredictionTransform transform) {
    SplittableRandom random = new SplittableRandom(7);
    for (NoiseLevel level : levels()) {
      Preconditioning c = transform.coefficients(level);
      double[] e = c.noiseCoefficients(level.alpha(), level.sigma());
      for (int k = 0; k < 20; k++) {
        double x0 = random.nextDouble(-3, 3);
        double eps = random.nextDouble(-3, 3);
        double xt = level.alpha() * x0 + level.sigma() * eps;
        double target = c.targetData() * x0 + c.targetNoise() * eps;
        double scale = 1 + Math.abs(xt);
        assertThat(c.skip() * xt + c.out() * target)
            .as("%s x̂0 at %s", transform.name(), level)
            .isCloseTo(x0, within(1e-12 * scale / Math.min(1, level.alpha())));
        assertThat(e[0] * xt + e[1] * target)
            .as("%s ε̂ at %s", transform.name(), level)
            .isCloseTo(eps, within(1e-11 * scale / level.sigma()));
      }
    }
  }

  @Test
  void velocityIsSalimansHoForVariancePreservingLevels() {
    VelocityPrediction v = new VelocityPrediction();
    NoiseLevel level = new NoiseLevel(0, 0.6, 0.8);
    Preconditioning c = v.coefficients(level);
    // v = α·ε − σ·x0, x̂0 = α·x_t − σ·v.
    assertThat(c.targetNoise()).isCloseTo(0.6, within(1e-15));
    assertThat(c.targetData()).isCloseTo(-0.8, within(1e-15));
    assertThat(c.skip()).isCloseTo(0.6, within(1e-15));
    assertThat(c.out()).isCloseTo(-0.8, within(1e-15));
    assertThat(c.inputScale()).isCloseTo(1, within(1e-15));
  }

  @Test
  void edmPreconditioningMatchesKarrasTableOne() {
    EdmPreconditioning edm = new EdmPreconditioning();
    double sd = 0.5;
    for (double sigma : new double[] {0.002, 0.3, 1, 17, 80}) {
      Preconditioning c = edm.coefficients(new NoiseLevel(sigma, 1, sigma));
      double norm = Math.sqrt(sigma * sigma + sd * sd);
      assertThat(c.skip()).isCloseTo(sd * sd / (sigma * sigma + sd * sd), within(1e-15));
      assertThat(c.out()).isCloseTo(sigma * sd / norm, within(1e-15));
      assertThat(c.inputScale()).isCloseTo(1 / norm, within(1e-13));
    }
  }

  @Test
  void epsilonCannotRecoverDataAtPureNoiseButTheOthersCan() {
    NoiseLevel pure = new NoiseLevel(999, 0, 1);
    assertThat(new EpsilonPrediction().recoversDataAtPureNoise()).isFalse();
    assertThat(new EpsilonPrediction().coefficients(pure).skip()).isInfinite();
    for (PredictionTransform t :
        List.of(new DataPrediction(), new VelocityPrediction(), new EdmPreconditioning())) {
      assertThat(t.recoversDataAtPureNoise()).isTrue();
      Preconditioning c = t.coefficients(pure);
      assertThat(
              java.util.stream.DoubleStream.of(
                  c.inputScale(), c.skip(), c.out(), c.targetData(), c.targetNoise()))
          .allMatch(Double::isFinite);
    }
    // v at pure noise: x̂0 = −F, target −x0.
    Preconditioning v = new VelocityPrediction().coefficients(pure);
    assertThat(v.out()).isEqualTo(-1);
    assertThat(v.skip()).isZero();
  }

  @Test
  void namesResolve() {
    for (String name : PredictionTransforms.names()) {
      assertThat(PredictionTransforms.byName(name).name()).isEqualTo(name);
    }
    assertThat(PredictionTransforms.byName("v_prediction")).isInstanceOf(VelocityPrediction.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PredictionTransforms.byName("score"))
        .hasMessageContaining("eps, x0, v, edm");
  }
}
