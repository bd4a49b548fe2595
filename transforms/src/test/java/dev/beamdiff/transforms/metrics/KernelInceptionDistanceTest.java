package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KernelInceptionDistanceTest {

  static Stream<JsonObject> cases() {
    return MetricFixtures.cases("kid").stream();
  }

  private static FeatureBatch side(JsonObject c, int which) {
    return new FeatureBatch(
        c.get("rows" + which).getAsInt(),
        c.get("dimension").getAsInt(),
        MetricFixtures.floats(c, "features" + which));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void unbiasedMmdMatchesNumpy(JsonObject c) {
    double expected = c.get("mmd2").getAsDouble();
    assertThat(KernelInceptionDistance.unbiasedMmd2(side(c, 1), side(c, 2)))
        .isCloseTo(expected, within(1e-10 * Math.abs(expected)));
  }

  @Test
  void subsetsCoveringEverythingReproduceTheFullEstimate() {
    // With equal sizes and subsets as large as the data, every subset is a permutation of the
    // whole set, so each estimate (and their mean) equals the full-set value.
    JsonObject c =
        cases().filter(k -> k.get("rows1").equals(k.get("rows2"))).findFirst().orElseThrow();
    KernelInceptionDistance.Result result =
        KernelInceptionDistance.compute(side(c, 1), side(c, 2), 5, 1000, 1);
    double expected = c.get("mmd2").getAsDouble();
    assertThat(result.subsetSize()).isEqualTo(50);
    assertThat(result.mean()).isCloseTo(expected, within(1e-10 * Math.abs(expected)));
    assertThat(result.standardDeviation()).isLessThan(1e-12);
  }

  @Test
  void separatesDifferentDistributionsAndIsDeterministic() {
    FeatureBatch a = gaussian(600, 8, 0, 1);
    FeatureBatch b = gaussian(600, 8, 0, 2);
    FeatureBatch shifted = gaussian(600, 8, 0.5, 3);
    KernelInceptionDistance.Result same = KernelInceptionDistance.compute(a, b, 50, 100, 42);
    KernelInceptionDistance.Result different =
        KernelInceptionDistance.compute(a, shifted, 50, 100, 42);
    assertThat(same.subsetSize()).isEqualTo(100);
    // Unbiased: around zero for the same distribution, within a few standard errors.
    assertThat(Math.abs(same.mean()))
        .isLessThan(4 * same.standardDeviation() / Math.sqrt(50) + 1e-3);
    assertThat(different.mean()).isGreaterThan(10 * Math.abs(same.mean()) + 0.01);
    assertThat(KernelInceptionDistance.compute(a, shifted, 50, 100, 42)).isEqualTo(different);
    assertThat(KernelInceptionDistance.compute(a, shifted, 50, 100, 43).mean())
        .isNotEqualTo(different.mean());
  }

  @Test
  void samplesDistinctIndices() {
    int[] chosen =
        KernelInceptionDistance.sampleWithoutReplacement(20, 20, new SplittableRandom(1));
    assertThat(chosen).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 20).toArray());
  }

  @Test
  void rejectsTooFewVectorsAndMismatchedDimensions() {
    assertThatThrownBy(
            () ->
                KernelInceptionDistance.compute(
                    gaussian(1, 4, 0, 1), gaussian(5, 4, 0, 2), 10, 100, 0))
        .hasMessageContaining("at least 2 feature vectors");
    assertThatThrownBy(
            () ->
                KernelInceptionDistance.compute(
                    gaussian(5, 3, 0, 1), gaussian(5, 4, 0, 2), 10, 100, 0))
        .hasMessageContaining("same detector");
  }

  private static FeatureBatch gaussian(int rows, int d, double shift, long seed) {
    Random random = new Random(seed);
    float[] values = new float[rows * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() + shift);
    }
    return new FeatureBatch(rows, d, values);
  }
}
