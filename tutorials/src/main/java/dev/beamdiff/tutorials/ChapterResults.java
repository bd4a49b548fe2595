package dev.beamdiff.tutorials;

import dev.beamdiff.cli.TutorialChapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects what a chapter run produces: the figures it writes and the numbers it measures. */
final class ChapterResults {
  private static final Logger LOG = LoggerFactory.getLogger(ChapterResults.class);

  private final Path dir;
  private final List<Path> figures = new ArrayList<>();
  private final Map<String, Double> measurements = new LinkedHashMap<>();

  /** Results written into {@code dir}, which is created if missing. */
  ChapterResults(Path dir) {
    try {
      this.dir = Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the figure folder " + dir, e);
    }
  }

  /** The path of figure {@code name} in the output folder, recorded as one of the results. */
  Path figure(String name) {
    Path file = dir.resolve(name);
    figures.add(file);
    return file;
  }

  /** Records a measured number. */
  double measure(String name, double value) {
    measurements.put(name, value);
    LOG.debug("{} = {}", name, value);
    return value;
  }

  /** The output folder. */
  Path dir() {
    return dir;
  }

  /** Everything recorded so far. */
  TutorialChapter.Result result() {
    return new TutorialChapter.Result(figures, measurements);
  }
}
