package dev.beamdiff.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chapter of the tutorials: a runnable program that regenerates the chapter's figures. The
 * chapters live in the {@code tutorials} module, which depends on this one, so {@code beamdiff
 * tutorial} finds them with {@link java.util.ServiceLoader} (registered in that module's {@code
 * META-INF/services/dev.beamdiff.cli.TutorialChapter}).
 */
public interface TutorialChapter {

  /** Chapter number, 1 upwards; {@code beamdiff tutorial <n>} runs chapter n. */
  int number();

  /** Title, as in the chapter's Markdown heading. */
  String title();

  /** The chapter's Markdown file name inside {@code tutorials/}, e.g. {@code 01-forward.md}. */
  String markdown();

  /**
   * Runs the chapter and writes its figures.
   *
   * @param outDir folder for the figures (created if missing); existing files of the same name are
   *     overwritten
   * @param fast small budgets for CI: same code paths, fewer samples, steps and training iterations
   * @return the figures written and the numbers the chapter measured
   */
  Result run(Path outDir, boolean fast);

  /**
   * What a chapter produced.
   *
   * @param figures the files written, in the order the chapter shows them
   * @param measurements named numbers the chapter computed (e.g. {@code order.heun}), in the order
   *     measured; the command prints them and the tests check them
   */
  record Result(List<Path> figures, Map<String, Double> measurements) {
    public Result {
      figures = List.copyOf(figures);
      measurements =
          java.util.Collections.unmodifiableMap(
              new LinkedHashMap<>(Objects.requireNonNull(measurements, "measurements")));
    }

    /** The measurement called {@code name}; fails with the known names if there is none. */
    public double measurement(String name) {
      Double value = measurements.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "measurement '"
                + name
                + "': not measured; the chapter measured "
                + measurements.keySet());
      }
      return value;
    }
  }
}
