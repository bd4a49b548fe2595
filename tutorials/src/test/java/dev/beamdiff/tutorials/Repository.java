package dev.beamdiff.tutorials;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in. */
final class Repository {
  private Repository() {}

  /** The repository root: the nearest folder up from the working directory with tutorials/. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("tutorials/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no BeamDiff checkout above " + Path.of("").toAbsolutePath() + " (looked for tutorials/)");
  }
}
