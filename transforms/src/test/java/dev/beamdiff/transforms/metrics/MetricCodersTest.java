package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.junit.jupiter.api.Test;

class MetricCodersTest {

  private static FeatureBatch randomBatch(int rows, int d, long seed) {
    Random random = new Random(seed);
    float[] values = new float[rows * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return new FeatureBatch(rows, d, values);
  }

  private static <T> byte[] encode(Coder<T> coder, T value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(value, out);
    return out.toByteArray();
  }

  private static <T> T decode(Coder<T> coder, byte[] bytes) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    T value = coder.decode(in);
    assertThat(in.available()).as("bytes left after decoding").isZero();
    return value;
  }

  @Test
  void momentsRoundTripExactlyInUpperTriangleSize() throws IOException {
    int d = 37;
    FeatureMoments moments = new FeatureMoments(d).add(randomBatch(50, d, 1));
    byte[] bytes = encode(FeatureMomentsCoder.of(), moments);
    // var-int dimension (1 byte) + var-int count (1 byte) + mean + upper triangle, 8 bytes each.
    assertThat(bytes).hasSize(2 + 8 * (d + d * (d + 1) / 2));
    FeatureMoments decoded = decode(FeatureMomentsCoder.of(), bytes);
    assertThat(decoded).isEqualTo(moments);
    assertThat(decoded.statistics().relativeDifference(moments.statistics())).isZero();
    assertThat(encode(FeatureMomentsCoder.of(), decoded)).isEqualTo(bytes);
    FeatureMomentsCoder.of().verifyDeterministic();
  }

  @Test
  void decodedMomentsKeepAccumulating() throws IOException {
    int d = 6;
    FeatureBatch first = randomBatch(20, d, 2);
    FeatureBatch second = randomBatch(30, d, 3);
    FeatureMoments direct = new FeatureMoments(d).add(first).add(second);
    FeatureMoments viaCoder =
        decode(
                FeatureMomentsCoder.of(),
                encode(FeatureMomentsCoder.of(), new FeatureMoments(d).add(first)))
            .add(second);
    assertThat(viaCoder).isEqualTo(direct);
  }

  @Test
  void statisticsAndBatchesRoundTrip() throws IOException {
    FeatureStatistics stats = new FeatureMoments(5).add(randomBatch(9, 5, 4)).statistics();
    FeatureStatistics decoded =
        decode(FeatureStatisticsCoder.of(), encode(FeatureStatisticsCoder.of(), stats));
    assertThat(decoded.count()).isEqualTo(9);
    assertThat(decoded.relativeDifference(stats)).isZero();

    FeatureStatistics unknown =
        new FeatureStatistics(FeatureStatistics.UNKNOWN_COUNT, stats.mean(), stats.covariance());
    assertThat(
            decode(FeatureStatisticsCoder.of(), encode(FeatureStatisticsCoder.of(), unknown))
                .count())
        .isEqualTo(FeatureStatistics.UNKNOWN_COUNT);

    FeatureBatch batch = randomBatch(7, 3, 5);
    assertThat(decode(FeatureBatchCoder.of(), encode(FeatureBatchCoder.of(), batch)))
        .isEqualTo(batch);
  }

  @Test
  void reservoirRoundTripsAndKeepsSampling() throws IOException {
    FeatureReservoir reservoir = new FeatureReservoir(10, 4, 99).add(randomBatch(6, 4, 6));
    FeatureReservoir decoded =
        decode(FeatureReservoirCoder.of(), encode(FeatureReservoirCoder.of(), reservoir));
    assertThat(decoded.sample()).isEqualTo(reservoir.sample());
    FeatureBatch more = randomBatch(30, 4, 7);
    assertThat(decoded.add(more).sample()).isEqualTo(reservoir.add(more).sample());
  }

  @Test
  void emptyAccumulatorsWithOpenDimensionRoundTrip() throws IOException {
    FeatureMoments empty =
        decode(FeatureMomentsCoder.of(), encode(FeatureMomentsCoder.of(), new FeatureMoments()));
    assertThat(empty.count()).isZero();
    assertThat(empty.dimension()).isZero();
    FeatureBatch batch = randomBatch(5, 3, 9);
    assertThat(empty.add(batch)).isEqualTo(new FeatureMoments(3).add(batch));
    FeatureReservoir reservoir =
        decode(
            FeatureReservoirCoder.of(),
            encode(FeatureReservoirCoder.of(), new FeatureReservoir(4, 1)));
    assertThat(reservoir.merge(new FeatureReservoir(4, 1)).add(batch).sample().rows()).isEqualTo(4);
  }

  @Test
  void truncatedInputIsAClearError() throws IOException {
    byte[] bytes =
        encode(FeatureMomentsCoder.of(), new FeatureMoments(4).add(randomBatch(3, 4, 8)));
    assertThatThrownBy(
            () -> decode(FeatureMomentsCoder.of(), Arrays.copyOf(bytes, bytes.length - 5)))
        .hasMessageContaining("truncated metric record");
  }
}
