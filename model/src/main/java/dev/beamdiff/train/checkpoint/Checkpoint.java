package dev.beamdiff.train.checkpoint;

import java.util.Objects;

/**
 * Everything a training run needs to continue exactly where it stopped: the weights, their
 * exponential moving average, the AdamW moments and step count, the position in the data stream,
 * the random-number state and the run's full configuration (JSON, owned by the trainer).
 *
 * <p>All randomness of a step is drawn from streams seeded by (seed, step), so the random state is
 * the seed plus the step; the data position is the number of batches consumed, which addresses the
 * next batch of {@code ShuffledBatches} directly.
 */
public record Checkpoint(
    Progress progress,
    String configJson,
    TensorSet weights,
    TensorSet emaWeights,
    OptimizerState optimizer) {

  public Checkpoint {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(configJson, "configJson");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(emaWeights, "emaWeights");
    Objects.requireNonNull(optimizer, "optimizer");
  }

  public long step() {
    return progress.step();
  }

  /**
   * Where the run stands.
   *
   * @param step optimizer updates completed
   * @param batchesConsumed batches drawn from the data stream (the next one is this index)
   * @param seed the run's seed; every step's random streams derive from (seed, step)
   * @param trainingSeconds wall time spent training so far, across resumes
   */
  public record Progress(long step, long batchesConsumed, long seed, double trainingSeconds) {
    public Progress {
      if (step < 0 || batchesConsumed < 0) {
        throw new IllegalArgumentException(
            "step and batches consumed must be >= 0, got " + step + " and " + batchesConsumed);
      }
    }
  }

  /** AdamW's update count t and its first and second moments m, v. */
  public record OptimizerState(long steps, TensorSet firstMoments, TensorSet secondMoments) {}
}
