package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beamdiff tutorial} with a stand-in chapter registered in the test resources. */
class TutorialCommandTest {
  @TempDir Path dir;

  /** A chapter that writes one file and measures the squares of 1…3 (fewer in fast mode). */
  public static final class SquaresChapter implements TutorialChapter {
    @Override
    public int number() {
      return 3;
    }

    @Override
    public String title() {
      return "Squares";
    }

    @Override
    public String markdown() {
      return "03-squares.md";
    }

    @Override
    public Result run(Path outDir, boolean fast) {
      try {
        Path figure = Files.createDirectories(outDir).resolve("03-squares.txt");
        Files.writeString(figure, fast ? "fast" : "full");
        return fast
            ? new Result(List.of(figure), Map.of("square.1", 1.0))
            : new Result(List.of(figure), Map.of("square.3", 9.0));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private CliRun last;

  private int run(String... args) {
    last = CliRun.of(args);
    return last.exit();
  }

  @Test
  void listsTheChaptersWithoutANumber() {
    assertThat(run("tutorial")).isZero();
    assertThat(last.out()).contains("3  Squares").contains("tutorials/03-squares.md");
  }

  @Test
  void runsAChapterIntoTheGivenFolderAndPrintsWhatItMeasured() throws IOException {
    assertThat(run("tutorial", "3", "--fast", "--out", dir.toString())).isZero();
    assertThat(Files.readString(dir.resolve("03-squares.txt"))).isEqualTo("fast");
    assertThat(last.out())
        .contains("Chapter 3: Squares (fast mode)")
        .containsPattern("square\\.1\\s+1\\n")
        .contains(dir.resolve("03-squares.txt").toString());

    assertThat(run("tutorial", "3", "--out", dir.toString())).isZero();
    assertThat(Files.readString(dir.resolve("03-squares.txt"))).isEqualTo("full");
  }

  @Test
  void defaultsToTheRepositorysFiguresFolder() {
    assertThat(run("tutorial", "3", "--repository", dir.toString())).isZero();
    assertThat(dir.resolve("tutorials/figures/03-squares.txt")).exists();
  }

  @Test
  void namesTheChaptersThatExistWhenAskedForAnother() {
    assertThat(run("tutorial", "9")).isEqualTo(1);
    assertThat(last.err()).contains("chapter 9: no such chapter; expected one of [3]");
  }

  @Test
  void refusesAChapterNumberWithSync() {
    assertThat(run("tutorial", "3", "--sync")).isEqualTo(1);
    assertThat(last.err()).contains("leave out the chapter number 3");
  }

  @Test
  void explainsWhereTheSnippetCheckerComesFrom() {
    assertThat(run("tutorial", "--check")).isEqualTo(1);
    assertThat(last.err()).contains("no snippet checker on the classpath");
  }
}
