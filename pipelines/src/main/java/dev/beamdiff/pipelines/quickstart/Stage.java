package dev.beamdiff.pipelines.quickstart;

import java.util.List;
import java.util.Optional;

/**
 * One step of the quickstart. A stage knows whether its outputs are complete (then it is reused),
 * how to remove them (when an input changed or {@code --fresh} is given), how to make them, and the
 * {@code ./beamdiff} commands that make them by hand.
 */
interface Stage {
  /** Short name, e.g. {@code "train"}. */
  String name();

  /** The one-line header printed when the stage starts. */
  String title();

  /**
   * What the finished outputs are, if they are complete and match the settings; empty if the stage
   * has to run.
   *
   * @throws IllegalStateException if the outputs belong to different settings and must not be
   *     overwritten without {@code --fresh}
   */
  Optional<String> finished();

  /** Deletes the stage's outputs. */
  void clear();

  /** Makes the outputs (resuming interrupted work where it can). */
  void run(StageLog log);

  /** The commands that reproduce the stage by hand. */
  List<String> commands();
}
