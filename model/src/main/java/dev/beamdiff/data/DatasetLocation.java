package dev.beamdiff.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder holding a dataset's files and how it was found.
 *
 * @param description human-readable origin, e.g. "Debian package dataset-fashion-mnist"
 */
public record DatasetLocation(Path dir, String description) {

  /**
   * Path of the file {@code name} (a ".gz" name from {@link IdxDatasetSpec#FILES}) in this folder:
   * the compressed file if present, else the same name without ".gz".
   */
  public Path file(String name) {
    Path gz = dir.resolve(name);
    if (Files.exists(gz) || !name.endsWith(".gz")) {
      return gz;
    }
    Path plain = dir.resolve(name.substring(0, name.length() - 3));
    return Files.exists(plain) ? plain : gz;
  }

  /** Whether every file of the dataset is present (compressed or not). */
  public boolean complete() {
    return IdxDatasetSpec.FILES.stream().allMatch(f -> Files.isRegularFile(file(f)));
  }

  /** The files that are missing, for error messages. */
  public java.util.List<String> missing() {
    return IdxDatasetSpec.FILES.stream().filter(f -> !Files.isRegularFile(file(f))).toList();
  }
}
