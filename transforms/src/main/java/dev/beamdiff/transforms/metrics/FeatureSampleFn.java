package dev.beamdiff.transforms.metrics;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines feature batches into a seeded uniform sample of at most {@code capacity} vectors ({@link
 * FeatureReservoir}), the input of KID. The sample does not depend on bundling or merge order.
 */
public final class FeatureSampleFn
    extends Combine.CombineFn<FeatureBatch, FeatureReservoir, FeatureBatch> {
  private final int capacity;
  private final long seed;

  public FeatureSampleFn(int capacity, long seed) {
    if (capacity < 2) {
      throw new IllegalArgumentException("KID sample size: expected at least 2, got " + capacity);
    }
    this.capacity = capacity;
    this.seed = seed;
  }

  @Override
  public FeatureReservoir createAccumulator() {
    return new FeatureReservoir(capacity, seed);
  }

  @Override
  public FeatureReservoir addInput(FeatureReservoir reservoir, FeatureBatch batch) {
    return reservoir.add(batch);
  }

  @Override
  public FeatureReservoir mergeAccumulators(Iterable<FeatureReservoir> reservoirs) {
    FeatureReservoir merged = null;
    for (FeatureReservoir reservoir : reservoirs) {
      if (merged == null) {
        merged = reservoir;
      } else {
        merged.merge(reservoir);
      }
    }
    return merged == null ? createAccumulator() : merged;
  }

  @Override
  public FeatureBatch extractOutput(FeatureReservoir reservoir) {
    return reservoir.sample();
  }

  @Override
  public Coder<FeatureReservoir> getAccumulatorCoder(
      CoderRegistry registry, Coder<FeatureBatch> inputCoder) {
    return FeatureReservoirCoder.of();
  }

  @Override
  public Coder<FeatureBatch> getDefaultOutputCoder(
      CoderRegistry registry, Coder<FeatureBatch> inputCoder) {
    return FeatureBatchCoder.of();
  }
}
