package dev.beamdiff.transforms.io;

import dev.beamdiff.train.checkpoint.CheckpointStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Checkpoints in any folder Beam's {@link FileSystems} can reach: {@code gs://bucket/run/ckpt}
 * (with the GCP file system on the classpath), a local path, or any registered scheme.
 *
 * <p>Object stores have no atomic rename, so a write goes to a hidden temporary object, {@code
 * .partial-<uuid>-<name>}, which is then {@linkplain FileSystems#rename renamed}: an atomic {@code
 * rename(2)} on local disks, a server-side copy followed by a delete on GCS. A GCS object becomes
 * visible only once completely written, so the final name appears whole or not at all; a killed
 * writer can only leave a temporary object behind, which {@link #list()} never reports and {@link
 * #deleteLeftovers()} removes. "Latest" is thus simply the highest step among listed names.
 */
public final class FileSystemsCheckpointStore implements CheckpointStore {
  static final String TEMPORARY_PREFIX = ".partial-";

  private final ResourceId dir;

  /**
   * A store in folder {@code uri}. Registers Beam's file systems with default options first (once
   * per JVM), so {@code gs://} works when its file system is on the classpath.
   */
  public FileSystemsCheckpointStore(String uri) {
    this(uri, PipelineOptionsFactory.create());
  }

  /** A store in folder {@code uri}, registering file systems with {@code options} once. */
  public FileSystemsCheckpointStore(String uri, PipelineOptions options) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("checkpoint folder: expected a path or URI, got nothing");
    }
    FileSystems.registerFileSystemsOnce(options);
    this.dir = FileSystems.matchNewResource(uri.endsWith("/") ? uri : uri + "/", true);
  }

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    for (String name : matchNames("*")) {
      if (!name.startsWith(TEMPORARY_PREFIX)) {
        names.add(name);
      }
    }
    names.sort(null);
    return names;
  }

  @Override
  public void write(String name, Body body) throws IOException {
    ResourceId target = resolve(name);
    ResourceId temporary = file(TEMPORARY_PREFIX + UUID.randomUUID() + "-" + name);
    boolean renamed = false;
    try {
      try (WritableByteChannel channel = FileSystems.create(temporary, MimeTypes.BINARY);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
        body.writeTo(out);
      }
      FileSystems.rename(List.of(temporary), List.of(target));
      renamed = true;
    } finally {
      if (!renamed) {
        deleteQuietly(temporary);
      }
    }
  }

  @Override
  public InputStream open(String name) throws IOException {
    return Channels.newInputStream(FileSystems.open(resolve(name)));
  }

  @Override
  public void delete(String name) throws IOException {
    FileSystems.delete(List.of(resolve(name)), StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  @Override
  public List<String> deleteLeftovers() throws IOException {
    List<String> leftovers = matchNames(TEMPORARY_PREFIX + "*");
    List<ResourceId> ids = new ArrayList<>();
    for (String name : leftovers) {
      ids.add(file(name));
    }
    if (!ids.isEmpty()) {
      FileSystems.delete(ids, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
    return leftovers;
  }

  private List<String> matchNames(String glob) throws IOException {
    MatchResult result =
        FileSystems.match(dir.toString() + glob, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    List<String> names = new ArrayList<>();
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return names;
    }
    for (MatchResult.Metadata metadata : result.metadata()) {
      String filename = metadata.resourceId().getFilename();
      if (filename != null && !metadata.resourceId().isDirectory()) {
        names.add(filename);
      }
    }
    return names;
  }

  private ResourceId resolve(String name) {
    if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "checkpoint file name must be a plain file name, got '" + name + "'");
    }
    return file(name);
  }

  private ResourceId file(String name) {
    return dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  private static void deleteQuietly(ResourceId id) {
    try {
      FileSystems.delete(List.of(id), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      // The temporary name is never listed as a checkpoint; deleteLeftovers() removes it later.
    }
  }
}
