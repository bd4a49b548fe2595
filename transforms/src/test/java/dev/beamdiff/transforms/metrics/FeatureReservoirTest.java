package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureReservoirTest {

  /** Row i is the vector (i, -i). */
  private static FeatureBatch rows(int from, int to) {
    float[] values = new float[(to - from) * 2];
    for (int i = from; i < to; i++) {
      values[(i - from) * 2] = i;
      values[(i - from) * 2 + 1] = -i;
    }
    return new FeatureBatch(to - from, 2, values);
  }

  @Test
  void keepsEverythingBelowCapacity() {
    FeatureBatch sample = new FeatureReservoir(100, 2, 1).add(rows(0, 30)).sample();
    assertThat(sample.rows()).isEqualTo(30);
  }

  @Test
  void sampleDoesNotDependOnSplitOrMergeOrder() {
    FeatureBatch reference = new FeatureReservoir(25, 2, 5).add(rows(0, 1000)).sample();
    Random random = new Random(9);
    for (int trial = 0; trial < 10; trial++) {
      List<FeatureReservoir> parts = new ArrayList<>();
      for (int start = 0; start < 1000; ) {
        int end = Math.min(1000, start + 1 + random.nextInt(150));
        parts.add(new FeatureReservoir(25, 2, 5).add(rows(start, end)));
        start = end;
      }
      Collections.shuffle(parts, random);
      FeatureReservoir merged = parts.get(0);
      for (int i = 1; i < parts.size(); i++) {
        merged.merge(parts.get(i));
      }
      assertThat(merged.sample()).isEqualTo(reference);
    }
  }

  @Test
  void everyVectorIsEquallyLikelyToBeKept() {
    // Over many seeds each of 200 vectors is kept with probability 20/200 = 0.1.
    int[] kept = new int[200];
    int seeds = 2000;
    for (int seed = 0; seed < seeds; seed++) {
      FeatureBatch sample = new FeatureReservoir(20, 2, seed).add(rows(0, 200)).sample();
      for (int r = 0; r < sample.rows(); r++) {
        kept[(int) sample.get(r, 0)]++;
      }
    }
    // Binomial(2000, 0.1): mean 200, sd ≈ 13.4; allow 5 sd for 200 simultaneous checks.
    for (int count : kept) {
      assertThat((double) count).isCloseTo(200, within(67.0));
    }
  }
}
