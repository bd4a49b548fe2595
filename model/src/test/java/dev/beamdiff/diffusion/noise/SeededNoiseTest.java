package dev.beamdiff.diffusion.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SeededNoiseTest {

  /** Same algorithm as the JDK's SplittableRandom, and Vigna's published first output for 0. */
  @Test
  void splitMix64MatchesTheReference() {
    assertThat(new SplitMix64(0).nextLong()).isEqualTo(0xe220a8397b1dcdafL);
    for (long seed : new long[] {0, 1, -7, 123456789L}) {
      SplittableRandom jdk = new SplittableRandom(seed);
      SplitMix64 ours = new SplitMix64(seed);
      for (int i = 0; i < 100; i++) {
        assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
      }
    }
  }

  @Test
  void gaussianDrawsHaveStandardNormalMoments() {
    double[] values = new double[1_000_000];
    RandomDraws.fillGaussian(new SplitMix64(9), values, 0, values.length);
    double mean = 0;
    double second = 0;
    double fourth = 0;
    int belowOneSigma = 0;
    for (double v : values) {
      mean += v;
      second += v * v;
      fourth += v * v * v * v;
      if (Math.abs(v) < 1) {
        belowOneSigma++;
      }
    }
    int n = values.length;
    // Standard errors: 0.001 (mean), 0.0014 (variance), 0.0096 (fourth moment), 0.00047 (fraction).
    assertThat(mean / n).isCloseTo(0, within(0.005));
    assertThat(second / n).isCloseTo(1, within(0.007));
    assertThat(fourth / n).isCloseTo(3, within(0.05));
    assertThat((double) belowOneSigma / n).isCloseTo(0.682689, within(0.0025));
  }

  @Test
  void openUniformNeverReturnsTheEnds() {
    SplitMix64 random = new SplitMix64(4);
    for (int i = 0; i < 100_000; i++) {
      assertThat(RandomDraws.openUniform(random)).isGreaterThan(0).isLessThan(1);
    }
  }

  @Test
  @Tag("slow")
  void eachElementDependsOnlyOnItsOwnSeedAndStream() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape perSample = new Shape(2, 5, 5);
      SeededNoise batch = SeededNoise.of(10, 20, 30);
      NDArray all = batch.gaussian(manager, new Shape(3, 2, 5, 5), DataType.FLOAT32, 4);
      NDArray alone =
          SeededNoise.of(20).gaussian(manager, new Shape(1, 2, 5, 5), DataType.FLOAT32, 4);
      assertThat(alone.toFloatArray()).containsExactly(all.get("1:2").toFloatArray());
      NDArray again = batch.gaussian(manager, new Shape(3, 2, 5, 5), DataType.FLOAT32, 4);
      assertThat(again.toFloatArray()).containsExactly(all.toFloatArray());
      NDArray otherStream = batch.gaussian(manager, new Shape(3, 2, 5, 5), DataType.FLOAT32, 5);
      assertThat(otherStream.toFloatArray()).isNotEqualTo(all.toFloatArray());
      NDArray doubles = batch.gaussian(manager, new Shape(3, 2, 5, 5), DataType.FLOAT64, 4);
      assertThat(doubles.toType(DataType.FLOAT32, false).toFloatArray())
          .containsExactly(all.toFloatArray());
      assertThat(perSample.size()).isEqualTo(50);
    }
  }

  @Test
  @Tag("slow")
  void indexSeedsDoNotDependOnTheBatchSplit() {
    SeededNoise whole = SeededNoise.forIndices(99, 0, 10);
    SeededNoise tail = SeededNoise.forIndices(99, 6, 4);
    assertThat(whole.slice(6, 10).seeds()).containsExactly(tail.seeds());
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () -> whole.gaussian(manager, new Shape(3, 2), DataType.FLOAT32, NoiseSource.INITIAL))
          .hasMessageContaining("leading dimension of 10");
      assertThatThrownBy(() -> SeededNoise.of(1).gaussian(manager, new Shape(1), DataType.INT32, 0))
          .hasMessageContaining("FLOAT32 or FLOAT64");
    }
  }
}
