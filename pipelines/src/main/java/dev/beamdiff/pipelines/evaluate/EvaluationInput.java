package dev.beamdiff.pipelines.evaluate;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One side of an evaluation as given on the command line: Avro shards, image files or saved
 * statistics, told apart by the location's form.
 *
 * @param pattern the file pattern to read ({@code folder/*.png} for a folder)
 */
public record EvaluationInput(Kind kind, String location, String pattern) implements Serializable {

  /** What a location holds. */
  public enum Kind {
    AVRO,
    IMAGES,
    STATISTICS
  }

  /**
   * Classifies {@code location}: {@code .npz} is statistics; a name ending in {@code .avro} (or a
   * glob of them) is Avro shards; a folder (local, or any path ending in {@code /}) means its
   * {@code *.png}; anything else is an image glob or file.
   */
  public static EvaluationInput parse(String option, String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(option + ": expected a path or pattern, got nothing");
    }
    String trimmed = location.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".npz")) {
      return new EvaluationInput(Kind.STATISTICS, trimmed, trimmed);
    }
    if (lower.endsWith(".avro")) {
      return new EvaluationInput(Kind.AVRO, trimmed, trimmed);
    }
    boolean folder = trimmed.endsWith("/") || isLocalFolder(trimmed);
    if (folder) {
      return new EvaluationInput(Kind.IMAGES, trimmed, trimmed.replaceAll("/+$", "") + "/*.png");
    }
    if (lower.matches(".*\\.(png|jpe?g|bmp|gif)$")) {
      return new EvaluationInput(Kind.IMAGES, trimmed, trimmed);
    }
    throw new IllegalArgumentException(
        option
            + ": cannot tell what "
            + trimmed
            + " holds; expected Avro shards (*.avro), an image folder or image files"
            + " (*.png, *.jpg, *.bmp, *.gif), or saved statistics (*.npz)");
  }

  private static boolean isLocalFolder(String location) {
    if (location.contains("://") || location.contains("*") || location.contains("?")) {
      return false;
    }
    return Files.isDirectory(Path.of(location));
  }

  /** The form's name, for reports. */
  public String description() {
    return switch (kind) {
      case AVRO -> "avro";
      case IMAGES -> "images";
      case STATISTICS -> "statistics";
    };
  }
}
