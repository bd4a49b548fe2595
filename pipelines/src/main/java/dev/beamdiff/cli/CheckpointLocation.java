package dev.beamdiff.cli;

import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.CheckpointFormat;
import dev.beamdiff.train.checkpoint.CheckpointStore;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import dev.beamdiff.transforms.io.FileSystemsCheckpointStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where checkpoints are, as the user wrote it: a local folder or a URI with a scheme ({@code
 * gs://bucket/run}) that goes through Beam's file systems; or one checkpoint file in either. A
 * training run's output folder ({@code beamdiff train --out}) stands for its {@code checkpoints}
 * subfolder.
 */
public final class CheckpointLocation {
  private static final String SUFFIX = ".ckpt";

  private CheckpointLocation() {}

  /** The store for folder {@code location}. */
  static CheckpointStore store(String location) {
    return isUri(location)
        ? new FileSystemsCheckpointStore(location)
        : new LocalCheckpointStore(Path.of(location));
  }

  /**
   * The checkpoint at {@code location}: a {@code .ckpt} file, or the latest checkpoint of a folder.
   * Returns it with the location it was read from.
   */
  public static Loaded load(String location) {
    if (location.endsWith(SUFFIX)) {
      int slash = location.lastIndexOf('/');
      String folder = slash < 0 ? "." : location.substring(0, slash + 1);
      String name = location.substring(slash + 1);
      try (InputStream in = store(folder).open(name)) {
        return new Loaded(CheckpointFormat.read(in, location), location);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read checkpoint " + location + ": " + e.getMessage(), e);
      }
    }
    Checkpoints checkpoints = checkpointsIn(location);
    long last = latestStep(checkpoints, location);
    return new Loaded(checkpoints.load(last), checkpoints.locationOf(last));
  }

  /**
   * The checkpoint file {@code location} stands for (itself, or the latest checkpoint of a folder)
   * and its configuration JSON, without reading its tensors: what a pipeline resolves once on the
   * launcher so every worker loads the same file.
   */
  public static Resolved resolve(String location) {
    if (location.endsWith(SUFFIX)) {
      int slash = location.lastIndexOf('/');
      String folder = slash < 0 ? "." : location.substring(0, slash + 1);
      try (InputStream in = store(folder).open(location.substring(slash + 1))) {
        return new Resolved(location, CheckpointFormat.readConfigJson(in, location));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "--checkpoint: cannot read " + location + ": " + e.getMessage(), e);
      }
    }
    Checkpoints checkpoints = checkpointsIn(location);
    long last = latestStep(checkpoints, location);
    return new Resolved(checkpoints.locationOf(last), checkpoints.loadConfigJson(last));
  }

  /** The checkpoints of folder {@code location}, or of its {@code checkpoints} subfolder. */
  private static Checkpoints checkpointsIn(String location) {
    Checkpoints checkpoints = new Checkpoints(store(location), 1);
    if (checkpoints.steps().isEmpty()) {
      String sub = location + (location.endsWith("/") ? "" : "/") + "checkpoints";
      Checkpoints nested = new Checkpoints(store(sub), 1);
      if (!nested.steps().isEmpty()) {
        return nested;
      }
    }
    return checkpoints;
  }

  private static long latestStep(Checkpoints checkpoints, String location) {
    List<Long> steps = checkpoints.steps();
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(
          "--checkpoint: no checkpoint (step-*.ckpt) in "
              + location
              + "; pass a training run's checkpoint folder or a .ckpt file");
    }
    return steps.get(steps.size() - 1);
  }

  private static boolean isUri(String location) {
    return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /** A checkpoint and where it came from. */
  public record Loaded(Checkpoint checkpoint, String source) {}

  /** A checkpoint file and its configuration JSON. */
  public record Resolved(String file, String configJson) {}
}
