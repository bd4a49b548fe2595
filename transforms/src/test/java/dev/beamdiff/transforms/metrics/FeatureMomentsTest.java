package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FeatureMomentsTest {

  static Stream<JsonObject> cases() {
    return MetricFixtures.cases("moments").stream();
  }

  private static FeatureBatch features(JsonObject c) {
    return new FeatureBatch(
        c.get("rows").getAsInt(),
        c.get("dimension").getAsInt(),
        MetricFixtures.floats(c, "features"));
  }

  private static FeatureStatistics numpy(JsonObject c) {
    return new FeatureStatistics(
        c.get("rows").getAsLong(),
        MetricFixtures.doubles(c, "mean"),
        MetricFixtures.doubles(c, "covariance"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneBatchMatchesNumpyCov(JsonObject c) {
    FeatureBatch all = features(c);
    FeatureStatistics stats = new FeatureMoments(all.dimension()).add(all).statistics();
    assertThat(stats.count()).isEqualTo(all.rows());
    assertThat(stats.relativeDifference(numpy(c))).isLessThan(c.get("tolerance").getAsDouble());
  }

  @Test
  void theOffsetCaseDefeatsTheOnePassFormula() {
    // Shows the offset fixture is a real stability test: Σx² − (Σx)²/n in float64 is far off.
    JsonObject c =
        cases()
            .filter(k -> k.get("name").getAsString().startsWith("offset"))
            .findFirst()
            .orElseThrow();
    FeatureBatch all = features(c);
    double sum = 0;
    double squares = 0;
    for (int r = 0; r < all.rows(); r++) {
      double x = all.get(r, 0);
      sum += x;
      squares += x * x;
    }
    double onePass = (squares - sum * sum / all.rows()) / (all.rows() - 1);
    double exact = MetricFixtures.doubles(c, "covariance")[0];
    double merged = new FeatureMoments(all.dimension()).add(all).statistics().covariance(0, 0);
    assertThat(Math.abs(onePass - exact) / exact).isGreaterThan(1e-6);
    assertThat(Math.abs(merged - exact) / exact).isLessThan(1e-9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void anySplitAndMergeOrderGivesTheSameStatistics(JsonObject c) {
    FeatureBatch all = features(c);
    FeatureStatistics reference = numpy(c);
    double tolerance = c.get("tolerance").getAsDouble();
    FeatureStatistics first = null;
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      // Random cut points, random batch sizes inside each part, random merge order and tree shape.
      List<FeatureMoments> parts = new ArrayList<>();
      int start = 0;
      while (start < all.rows()) {
        int end = Math.min(all.rows(), start + 1 + random.nextInt(all.rows() / 3));
        FeatureMoments part = new FeatureMoments(all.dimension());
        for (int b = start; b < end; ) {
          int e = Math.min(end, b + 1 + random.nextInt(40));
          part.add(MetricFixtures.slice(all, b, e));
          b = e;
        }
        parts.add(part);
        start = end;
      }
      Collections.shuffle(parts, random);
      while (parts.size() > 1) {
        FeatureMoments left = parts.remove(random.nextInt(parts.size()));
        FeatureMoments right = parts.remove(random.nextInt(parts.size()));
        parts.add(left.merge(right));
      }
      FeatureStatistics merged = parts.get(0).statistics();
      assertThat(merged.count()).isEqualTo(all.rows());
      assertThat(merged.relativeDifference(reference)).as("trial %d", trial).isLessThan(tolerance);
      if (first == null) {
        first = merged;
      }
      assertThat(merged.relativeDifference(first)).as("trial %d vs 0", trial).isLessThan(tolerance);
    }
  }

  @Test
  void rowByRowEqualsWelfordsUpdate() {
    // Welford's single-observation update is the special case nB = 1 of the pairwise formula.
    FeatureBatch all = features(cases().findFirst().orElseThrow());
    FeatureMoments moments = new FeatureMoments(all.dimension());
    for (int r = 0; r < all.rows(); r++) {
      moments.add(MetricFixtures.slice(all, r, r + 1));
    }
    FeatureStatistics whole = new FeatureMoments(all.dimension()).add(all).statistics();
    assertThat(moments.statistics().relativeDifference(whole)).isLessThan(1e-12);
  }

  @Test
  void mergingEmptyMomentsChangesNothing() {
    FeatureBatch batch =
        FeatureBatch.of(new float[] {1, 2}, new float[] {3, 5}, new float[] {0, 1});
    FeatureMoments moments = new FeatureMoments(2).add(batch);
    FeatureStatistics before = moments.statistics();
    moments.merge(new FeatureMoments(2));
    FeatureMoments intoEmpty = new FeatureMoments(2).merge(moments);
    assertThat(moments.statistics().relativeDifference(before)).isZero();
    assertThat(intoEmpty.statistics().relativeDifference(before)).isZero();
    // Points (1, 2), (3, 5), (0, 1): Σ (x − 4/3)(y − 8/3) / 2 = (2/9 + 35/9 + 20/9) / 2.
    assertThat(before.covariance(0, 1))
        .isEqualTo(before.covariance(1, 0))
        .isCloseTo(19.0 / 6, within(1e-15));
  }

  @Test
  void rejectsWrongDimensionAndTooFewVectors() {
    FeatureMoments moments = new FeatureMoments(3);
    assertThatThrownBy(() -> moments.add(FeatureBatch.of(new float[] {1, 2})))
        .hasMessageContaining("2-dimensional features, expected 3");
    moments.add(FeatureBatch.of(new float[] {1, 2, 3}));
    assertThatThrownBy(moments::statistics).hasMessageContaining("at least 2 feature vectors");
  }
}
