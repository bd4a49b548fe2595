package dev.beamdiff.transforms.preprocess;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The Beam counters the preprocessing transforms update, for progress reports while a pipeline runs
 * (query them with {@code PipelineResult.metrics()}).
 */
public final class PreprocessMetrics {
  /** Namespace of every counter here. */
  public static final String NAMESPACE = "beamdiff.preprocess";

  /** Images read from input files (decoded image files and images inside IDX/CIFAR files). */
  public static final String IMAGES_READ = "images.read";

  /** Images that passed every step and went to the shard writer. */
  public static final String IMAGES_ENCODED = "images.encoded";

  /** Inputs sent to the dead-letter output. */
  public static final String DEAD_LETTERS = "deadLetters";

  /** IDX label files matched by the input pattern; they are read with their image file. */
  public static final String COMPANION_FILES = "files.companions";

  private PreprocessMetrics() {}

  static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }
}
