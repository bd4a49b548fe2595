package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrechetDistanceTest {

  static Stream<JsonObject> cases() {
    return MetricFixtures.cases("frechet").stream();
  }

  private static FeatureStatistics side(JsonObject c, int which) {
    if (c.has("samples" + which)) {
      FeatureBatch samples =
          new FeatureBatch(
              c.get("rows" + which).getAsInt(),
              c.get("dimension").getAsInt(),
              MetricFixtures.floats(c, "samples" + which));
      return new FeatureMoments(samples.dimension()).add(samples).statistics();
    }
    return new FeatureStatistics(
        FeatureStatistics.UNKNOWN_COUNT,
        MetricFixtures.doubles(c, "mu" + which),
        MetricFixtures.doubles(c, "sigma" + which));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesScipyReference(JsonObject c) {
    double fd = FrechetDistance.between(side(c, 1), side(c, 2)).value();
    double eigh = c.get("fdEigh").getAsDouble();
    double sqrtm = c.get("fdSqrtm").getAsDouble();
    assertThat(fd).isCloseTo(eigh, within(1e-6 * Math.abs(eigh)));
    // scipy.linalg.sqrtm (pytorch-fid, clean-fid) agrees too, to 1e-8 even for singular inputs.
    assertThat(fd).isCloseTo(sqrtm, within(1e-6 * Math.abs(sqrtm)));
    assertThat(FrechetDistance.between(side(c, 2), side(c, 1)).value())
        .as("symmetry")
        .isCloseTo(fd, within(1e-9 * Math.abs(fd)));
  }

  @Test
  void diagonalCovariancesHaveTheClosedForm() {
    // Commuting covariances: tr √(Σ1 Σ2) = Σ √(aᵢ bᵢ), so FD = ‖Δμ‖² + Σ (√aᵢ − √bᵢ)².
    double[] a = {4, 1, 0.25, 9};
    double[] b = {1, 1, 1, 16};
    double[] mu1 = {0, 1, 2, 3};
    double[] mu2 = {1, 1, 2, 1};
    double expected = 1 + 4;
    for (int i = 0; i < a.length; i++) {
      expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
    }
    FrechetDistance.Result result =
        FrechetDistance.between(
            new FeatureStatistics(10, mu1, diagonal(a)),
            new FeatureStatistics(10, mu2, diagonal(b)));
    assertThat(result.value()).isCloseTo(expected, within(1e-12));
    assertThat(result.meanTerm()).isEqualTo(5.0);
    assertThat(result.traceSqrtProduct()).isCloseTo(2 + 1 + 0.5 + 12, within(1e-12));
  }

  @Test
  void identicalStatisticsAreAtDistanceZero() {
    Random random = new Random(3);
    int d = 40;
    float[] values = new float[200 * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) Math.max(0, random.nextGaussian());
    }
    FeatureStatistics stats =
        new FeatureMoments(d).add(new FeatureBatch(200, d, values)).statistics();
    FrechetDistance.Result result = FrechetDistance.between(stats, stats);
    assertThat(result.value()).isCloseTo(0, within(1e-10 * result.traceFirst()));
  }

  @Test
  void staysFiniteForZeroAndRankOneCovariances() {
    int d = 16;
    double[] zero = new double[d * d];
    double[] rankOne = new double[d * d];
    double[] v = new double[d];
    for (int i = 0; i < d; i++) {
      v[i] = i % 3 - 1;
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        rankOne[i * d + j] = v[i] * v[j];
      }
    }
    FeatureStatistics point = new FeatureStatistics(5, new double[d], zero);
    FeatureStatistics line = new FeatureStatistics(5, new double[d], rankOne);
    // A point mass against a degenerate Gaussian along v: FD = tr(v vᵀ) = ‖v‖².
    double norm2 = 0;
    for (double x : v) {
      norm2 += x * x;
    }
    assertThat(FrechetDistance.between(point, line).value()).isCloseTo(norm2, within(1e-12));
    assertThat(FrechetDistance.between(line, line).value()).isCloseTo(0, within(1e-9));
  }

  @Test
  void rejectsMismatchedDimensionsAndNonFiniteValues() {
    FeatureStatistics two = new FeatureStatistics(3, new double[2], diagonal(new double[] {1, 1}));
    FeatureStatistics three =
        new FeatureStatistics(3, new double[3], diagonal(new double[] {1, 1, 1}));
    assertThatThrownBy(() -> FrechetDistance.between(two, three))
        .hasMessageContaining("same detector");
    FeatureStatistics nan =
        new FeatureStatistics(3, new double[] {Double.NaN, 0}, diagonal(new double[] {1, 1}));
    assertThatThrownBy(() -> FrechetDistance.between(two, nan)).hasMessageContaining("non-finite");
  }

  private static double[] diagonal(double[] values) {
    int d = values.length;
    double[] m = new double[d * d];
    for (int i = 0; i < d; i++) {
      m[i * d + i] = values[i];
    }
    return m;
  }
}
