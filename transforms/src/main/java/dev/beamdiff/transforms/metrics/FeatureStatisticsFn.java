package dev.beamdiff.transforms.metrics;

import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines feature batches into their mean and covariance ({@link FeatureMoments}: float64,
 * per-batch updates, Chan et al.'s pairwise merge), so Beam can accumulate on many workers and
 * merge partial results in any order. The feature dimension comes from the data. Use with {@code
 * Combine.globally(fn).withFanout(k)} when many bundles feed one 2,048-dimensional accumulator.
 */
public final class FeatureStatisticsFn
    extends Combine.CombineFn<FeatureBatch, FeatureMoments, FeatureStatistics> {
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
  public FeatureStatistics extractOutput(FeatureMoments moments) {
    return moments.statistics();
  }

  @Override
  public Coder<FeatureMoments> getAccumulatorCoder(
      CoderRegistry registry, Coder<FeatureBatch> inputCoder) throws CannotProvideCoderException {
    return FeatureMomentsCoder.of();
  }

  @Override
  public Coder<FeatureStatistics> getDefaultOutputCoder(
      CoderRegistry registry, Coder<FeatureBatch> inputCoder) {
    return FeatureStatisticsCoder.of();
  }
}
