package dev.beamdiff.train;

import java.nio.file.Path;

/**
 * Told what a training run does, on the training thread (keep callbacks short). The command line
 * renders a progress bar from it; tests record events.
 */
public interface TrainingListener {
  /** No-op listener. */
  TrainingListener NONE = new TrainingListener() {};

  /** Training starts at update {@code firstStep} (1 for a new run) of {@code totalSteps}. */
  default void onStart(long firstStep, long totalSteps) {}

  /** Update {@code metrics.step()} finished. */
  default void onStep(StepMetrics metrics) {}

  /** The checkpoint of {@code step} was written to {@code location}. */
  default void onCheckpoint(long step, String location) {}

  /** A sample grid from the EMA weights was written after update {@code step}. */
  default void onSamples(long step, Path png) {}
}
