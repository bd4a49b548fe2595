package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The moments and the KID sample combined by Beam on the DirectRunner with 4 worker threads,
 * shuffled input and a fan-out tree equal the in-memory results: the statistics to 1e-12 relative,
 * the sample exactly.
 */
@Tag("slow")
class FeatureCombinePipelineTest {

  @Test
  void parallelCombineMatchesInMemoryComputation() {
    Random random = new Random(17);
    int d = 24;
    List<FeatureBatch> batches = new ArrayList<>();
    FeatureMoments reference = new FeatureMoments(d);
    for (int b = 0; b < 60; b++) {
      int rows = 1 + random.nextInt(40);
      float[] values = new float[rows * d];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) Math.max(0, random.nextGaussian() + 0.3);
      }
      FeatureBatch batch = new FeatureBatch(rows, d, values);
      batches.add(batch);
      reference.add(batch);
    }
    FeatureStatistics expected = reference.statistics();
    FeatureBatch expectedSample = new FeatureReservoir(50, 3).merge(sampleOf(batches)).sample();

    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(4);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<FeatureBatch> features =
        pipeline
            .apply(Create.of(batches).withCoder(FeatureBatchCoder.of()))
            .apply(Reshuffle.viaRandomKey());
    PCollection<FeatureMoments> moments =
        features.apply(Combine.globally(new FeatureMomentsFn()).withFanout(5));
    PCollection<FeatureBatch> sample =
        features.apply(Combine.globally(new FeatureSampleFn(50, 3)).withoutDefaults());
    PAssert.thatSingleton(moments)
        .satisfies(
            m -> {
              assertThat(m.count()).isEqualTo(expected.count());
              assertThat(m.statistics().relativeDifference(expected)).isLessThan(1e-12);
              return null;
            });
    PAssert.thatSingleton(sample)
        .satisfies(
            s -> {
              assertThat(s).isEqualTo(expectedSample);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private static FeatureReservoir sampleOf(List<FeatureBatch> batches) {
    FeatureReservoir reservoir = new FeatureReservoir(50, 3);
    batches.forEach(reservoir::add);
    return reservoir;
  }
}
