package dev.beamdiff.transforms.metrics;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines feature batches into their float64 {@link FeatureMoments} (per-batch updates, Chan et
 * al.'s pairwise merge), so Beam can accumulate on many workers and merge partial results in any
 * order; {@link FeatureMoments#statistics()} then gives mean and covariance. The feature dimension
 * comes from the data. Use with {@code Combine.globally(fn).withFanout(k)} when many bundles feed
 * one 2,048-dimensional (32 MiB) accumulator.
 */
public final class FeatureMomentsFn
    extends Combine.CombineFn<FeatureBatch, FeatureMoments, FeatureMoments> {

  @Override
  public FeatureMoments createAccumulator() {
    return new FeatureMoments();
  }

  @Override
  public FeatureMoments addInput(FeatureMoments moments, FeatureBatch batch) {
    return moments.add(batch);
  }

  @Override
  public FeatureMoments mergeAccumulators(Iterable<FeatureMoments> accumulators) {
    FeatureMoments merged = null;
    for (FeatureMoments moments : accumulators) {
      if (merged == null) {
        merged = moments;
      } else {
        merged.merge(moments);
      }
    }
    return merged == null ? createAccumulator() : merged;
  }

  @Override
  public FeatureMoments extractOutput(FeatureMoments moments) {
    return moments;
  }

  @Override
  public Coder<FeatureMoments> getAccumulatorCoder(
      CoderRegistry registry, Coder<FeatureBatch> inputCoder) {
    return FeatureMomentsCoder.of();
  }

  @Override
  public Coder<FeatureMoments> getDefaultOutputCoder(
      CoderRegistry registry, Coder<FeatureBatch> inputCoder) {
    return FeatureMomentsCoder.of();
  }
}
