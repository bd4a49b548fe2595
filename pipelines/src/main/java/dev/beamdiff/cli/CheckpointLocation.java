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
 * gs://bucket/run}) that goes through Beam's file systems; or one checkpoint file in either.
 */
final class CheckpointLocation {
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
  static Loaded load(String location) {
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
    Checkpoints checkpoints = new Checkpoints(store(location), 1);
    List<Long> steps = checkpoints.steps();
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(
          "--checkpoint: no checkpoint (step-*.ckpt) in "
              + location
              + "; pass a training run's checkpoint folder or a .ckpt file");
    }
    long last = steps.get(steps.size() - 1);
    return new Loaded(checkpoints.load(last), checkpoints.locationOf(last));
  }

  private static boolean isUri(String location) {
    return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /** A checkpoint and where it came from. */
  record Loaded(Checkpoint checkpoint, String source) {}
}
