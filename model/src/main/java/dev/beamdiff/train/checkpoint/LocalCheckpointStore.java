package dev.beamdiff.train.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Checkpoints in a local directory. A write goes to a hidden temporary file in the same directory,
 * is forced to disk, then renamed over the final name with an atomic move, so a crash (even SIGKILL
 * or power loss) leaves either the old state or the complete new file.
 */
public final class LocalCheckpointStore implements CheckpointStore {
  static final String TEMPORARY_PREFIX = ".partial-";

  private final Path dir;

  public LocalCheckpointStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public List<String> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(TEMPORARY_PREFIX))
          .sorted()
          .forEach(names::add);
    }
    return names;
  }

  @Override
  public void write(String name, Body body) throws IOException {
    Path target = resolve(name);
    Files.createDirectories(dir);
    Path temporary = dir.resolve(TEMPORARY_PREFIX + UUID.randomUUID() + "-" + name);
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "cannot write " + target + " atomically: the file system has no atomic rename", e);
      }
      syncDirectory();
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public InputStream open(String name) throws IOException {
    return Files.newInputStream(resolve(name));
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(resolve(name));
  }

  @Override
  public List<String> deleteLeftovers() throws IOException {
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().startsWith(TEMPORARY_PREFIX)) {
          Files.deleteIfExists(p);
          removed.add(p.getFileName().toString());
        }
      }
    }
    return removed;
  }

  private Path resolve(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "checkpoint file name must be a plain file name, got '" + name + "'");
    }
    return dir.resolve(name);
  }

  /** Makes the rename itself durable (best effort: not every platform can open a directory). */
  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // The rename is atomic either way; only its durability across power loss is at stake.
    }
  }
}
