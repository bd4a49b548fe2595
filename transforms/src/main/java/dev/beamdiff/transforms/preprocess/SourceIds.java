package dev.beamdiff.transforms.preprocess;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Stable record ids: a file's path relative to the folder of the input pattern that matched it
 * ({@code /data/pets/*}{@code /*.png} matching {@code /data/pets/cat/001.png} gives {@code
 * cat/001.png}), so ids survive moving a dataset between machines or buckets.
 */
final class SourceIds implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Pattern folders, longest first so the most specific one wins. */
  private final List<String> folders;

  private SourceIds(List<String> folders) {
    this.folders = folders;
  }

  /** Ids relative to the folders of {@code patterns}; needs Beam's file systems registered. */
  static SourceIds forPatterns(List<String> patterns) {
    return new SourceIds(
        patterns.stream()
            .map(SourceIds::folderOf)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  /** The id of the file at {@code uri}: relative to its pattern's folder, else the whole uri. */
  String idOf(String uri) {
    for (String folder : folders) {
      if (uri.startsWith(folder)) {
        return uri.substring(folder.length());
      }
    }
    return uri;
  }

  /** The folder part of a pattern: everything up to the last '/' before the first wildcard. */
  static String folderOf(String pattern) {
    int wildcard = pattern.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int at = pattern.indexOf(c);
      if (at >= 0) {
        wildcard = Math.min(wildcard, at);
      }
    }
    int slash = pattern.lastIndexOf('/', wildcard - 1);
    String folder = slash < 0 ? "." : pattern.substring(0, slash + 1);
    return FileSystems.matchNewResource(folder, true).toString();
  }
}
