package dev.beamdiff.transforms.metrics.detector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Makes model files given as Beam paths ({@code gs://…} on Dataflow, or local) available as local
 * files, which DJL needs: remote files are copied once per JVM into a temporary folder.
 */
public final class ModelFiles {
  private static final Map<String, Path> COPIES = new HashMap<>();

  private ModelFiles() {}

  /** Whether {@code location} is on the local file system (no scheme, or {@code file:}). */
  public static boolean isLocal(String location) {
    return !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") || location.startsWith("file:");
  }

  /** A local copy of the file at {@code location}. */
  public static synchronized Path localFile(String location) {
    if (isLocal(location)) {
      return Path.of(location.replaceFirst("^file://", ""));
    }
    return COPIES.computeIfAbsent(location, l -> copy(l, false));
  }

  /** A local copy of the folder at {@code location} (its direct files). */
  public static synchronized Path localFolder(String location) {
    if (isLocal(location)) {
      return Path.of(location.replaceFirst("^file://", ""));
    }
    return COPIES.computeIfAbsent(location, l -> copy(l, true));
  }

  private static Path copy(String location, boolean folder) {
    try {
      Path target = Files.createTempDirectory("beamdiff-model-");
      target.toFile().deleteOnExit();
      String pattern = folder ? location.replaceAll("/+$", "") + "/*" : location;
      MatchResult match = FileSystems.match(pattern);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalArgumentException("no model file at " + location);
      }
      Path last = target;
      for (MatchResult.Metadata file : match.metadata()) {
        ResourceId id = file.resourceId();
        last = target.resolve(id.getFilename());
        try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
          Files.copy(in, last, StandardCopyOption.REPLACE_EXISTING);
        }
        last.toFile().deleteOnExit();
      }
      return folder ? target : last;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the model at " + location, e);
    }
  }
}
