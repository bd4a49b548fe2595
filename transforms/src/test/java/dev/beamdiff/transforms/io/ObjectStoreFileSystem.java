package dev.beamdiff.transforms.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * An in-memory stand-in for an object store such as GCS, under the scheme {@code objstore://}: flat
 * names, objects that appear only when their upload is closed, and no rename (it is a copy followed
 * by a delete, as on GCS). Tests reach it through Beam's {@code FileSystems}.
 */
final class ObjectStoreFileSystem extends FileSystem<ObjectStoreFileSystem.Id> {
  static final String SCHEME = "objstore";
  static final Map<String, byte[]> OBJECTS = new ConcurrentSkipListMap<>();
  static final List<String> COPIES = new ArrayList<>();

  /** Registers the file system with Beam (listed in META-INF/services). */
  public static final class Registrar implements FileSystemRegistrar {
    @Override
    public Iterable<FileSystem<?>> fromOptions(PipelineOptions options) {
      return List.of(new ObjectStoreFileSystem());
    }
  }

  @Override
  protected List<MatchResult> match(List<String> specs) {
    List<MatchResult> results = new ArrayList<>();
    for (String spec : specs) {
      Pattern glob = Pattern.compile(Pattern.quote(spec).replace("*", "\\E[^/]*\\Q"));
      List<MatchResult.Metadata> found = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : OBJECTS.entrySet()) {
        if (glob.matcher(e.getKey()).matches()) {
          found.add(
              MatchResult.Metadata.builder()
                  .setResourceId(new Id(e.getKey()))
                  .setSizeBytes(e.getValue().length)
                  .setIsReadSeekEfficient(false)
                  .setLastModifiedMillis(0)
                  .build());
        }
      }
      results.add(
          found.isEmpty()
              ? MatchResult.create(MatchResult.Status.NOT_FOUND, new FileNotFoundException(spec))
              : MatchResult.create(MatchResult.Status.OK, found));
    }
    return results;
  }

  @Override
  protected WritableByteChannel create(Id id, CreateOptions options) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    WritableByteChannel inner = Channels.newChannel(buffer);
    return new WritableByteChannel() {
      private boolean open = true;

      @Override
      public int write(ByteBuffer src) throws IOException {
        return inner.write(src);
      }

      @Override
      public boolean isOpen() {
        return open;
      }

      @Override
      public void close() {
        if (open) {
          open = false;
          OBJECTS.put(id.path, buffer.toByteArray()); // the upload is finalised on close
        }
      }
    };
  }

  @Override
  protected ReadableByteChannel open(Id id) throws IOException {
    byte[] bytes = OBJECTS.get(id.path);
    if (bytes == null) {
      throw new FileNotFoundException(id.path);
    }
    return Channels.newChannel(new ByteArrayInputStream(bytes));
  }

  @Override
  protected void copy(List<Id> sources, List<Id> destinations) throws IOException {
    for (int i = 0; i < sources.size(); i++) {
      byte[] bytes = OBJECTS.get(sources.get(i).path);
      if (bytes == null) {
        throw new FileNotFoundException(sources.get(i).path);
      }
      OBJECTS.put(destinations.get(i).path, bytes);
      COPIES.add(sources.get(i).path + " -> " + destinations.get(i).path);
    }
  }

  @Override
  protected void rename(List<Id> sources, List<Id> destinations, MoveOptions... options)
      throws IOException {
    copy(sources, destinations);
    delete(sources);
  }

  @Override
  protected void delete(Collection<Id> ids) {
    for (Id id : ids) {
      OBJECTS.remove(id.path);
    }
  }

  @Override
  protected Id matchNewResource(String spec, boolean isDirectory) {
    return new Id(isDirectory && !spec.endsWith("/") ? spec + "/" : spec);
  }

  @Override
  protected String getScheme() {
    return SCHEME;
  }

  /** An object name such as {@code objstore://bucket/run/step-000000010.ckpt}. */
  static final class Id implements ResourceId {
    private static final long serialVersionUID = 1L;
    final String path;

    Id(String path) {
      this.path = path;
    }

    @Override
    public ResourceId resolve(String other, ResolveOptions options) {
      String base = path.endsWith("/") ? path : path + "/";
      return new Id(base + other);
    }

    @Override
    public ResourceId getCurrentDirectory() {
      return isDirectory() ? this : new Id(path.substring(0, path.lastIndexOf('/') + 1));
    }

    @Override
    public String getScheme() {
      return SCHEME;
    }

    @Override
    public String getFilename() {
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    @Override
    public boolean isDirectory() {
      return path.endsWith("/");
    }

    @Override
    public String toString() {
      return path;
    }
  }
}
