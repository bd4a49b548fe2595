package dev.beamdiff.train.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoints in a {@link CheckpointStore}: one file per saved step, {@code
 * step-000001000.ckpt}, of which the newest {@code keepLast} are kept. The latest checkpoint is the
 * highest step among complete files; since the store writes atomically there is no pointer file to
 * get out of sync.
 */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private static final Pattern NAME = Pattern.compile("step-(\\d{9,})\\.ckpt");

  private final CheckpointStore store;
  private final int keepLast;

  public Checkpoints(CheckpointStore store, int keepLast) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("must keep at least 1 checkpoint, got " + keepLast);
    }
    this.store = store;
    this.keepLast = keepLast;
  }

  /** The file name of the checkpoint of {@code step}. */
  public static String fileName(long step) {
    return String.format("step-%09d.ckpt", step);
  }

  public CheckpointStore store() {
    return store;
  }

  public String location() {
    return store.location();
  }

  /** Where the checkpoint of {@code step} lives, for messages. */
  public String locationOf(long step) {
    String base = store.location();
    return base + (base.endsWith("/") ? "" : "/") + fileName(step);
  }

  /** Saved steps, ascending. */
  public List<Long> steps() {
    List<Long> steps = new ArrayList<>();
    try {
      for (String name : store.list()) {
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
          steps.add(Long.parseLong(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + store.location(), e);
    }
    steps.sort(null);
    return steps;
  }

  /** Writes {@code checkpoint} atomically, then deletes all but the newest {@code keepLast}. */
  public void save(Checkpoint checkpoint) {
    long step = checkpoint.step();
    try {
      store.write(fileName(step), out -> CheckpointFormat.write(checkpoint, out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + locationOf(step), e);
    }
    List<Long> steps = steps();
    for (int i = 0; i < steps.size() - keepLast; i++) {
      long old = steps.get(i);
      if (old == step) {
        continue;
      }
      try {
        store.delete(fileName(old));
      } catch (IOException e) {
        LOG.warn("could not delete old checkpoint {}: {}", locationOf(old), e.getMessage());
      }
    }
  }

  /** The newest checkpoint, if any. */
  public Optional<Checkpoint> latest() {
    List<Long> steps = steps();
    return steps.isEmpty() ? Optional.empty() : Optional.of(load(steps.get(steps.size() - 1)));
  }

  /** The configuration JSON of the checkpoint of {@code step}, without reading its tensors. */
  public String loadConfigJson(long step) {
    try (InputStream in = store.open(fileName(step))) {
      return CheckpointFormat.readConfigJson(in, locationOf(step));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read checkpoint " + locationOf(step) + ": " + e.getMessage(), e);
    }
  }

  /** The checkpoint of {@code step}; an error names the file if it is missing or damaged. */
  public Checkpoint load(long step) {
    String name = fileName(step);
    try (InputStream in = store.open(name)) {
      return CheckpointFormat.read(in, locationOf(step));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read checkpoint "
              + locationOf(step)
              + ": "
              + e.getMessage()
              + " (move it away to fall back to an older one)",
          e);
    }
  }
}
