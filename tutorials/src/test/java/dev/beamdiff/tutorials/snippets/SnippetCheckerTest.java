package dev.beamdiff.tutorials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker on a stand-in repository with one tutorial program and one library class. */
class SnippetCheckerTest {
  @TempDir Path repo;

  private final SnippetChecker checker = new SnippetChecker();
  private Path chapter;

  @BeforeEach
  void writeRepository() throws IOException {
    write(
        "tutorials/src/main/java/dev/beamdiff/tutorials/Chapter9.java",
        """
        package dev.beamdiff.tutorials;

        final class Chapter9 {
          void run() {
            // tutorial:begin steps
            int steps = 18;
            // tutorial:end steps
          }
        }
        """);
    write(
        "model/src/main/java/dev/beamdiff/lib/Edm.java",
        """
        package dev.beamdiff.lib;

        public final class Edm {
          /** c_skip = σ_d²/(σ² + σ_d²). */
          public static double skip(double s) {
            return 0.25 / (s * s + 0.25);
          }
        }
        """);
    chapter =
        write(
            "tutorials/09-demo.md",
            """
            # Demo

            <!-- snippet: Chapter9#steps -->
            ```java
            int steps = 18;
            ```

            <!-- snippet: dev.beamdiff.lib.Edm#skip -->
            ```java
            /** c_skip = σ_d²/(σ² + σ_d²). */
            public static double skip(double s) {
              return 0.25 / (s * s + 0.25);
            }
            ```
            """);
  }

  @Test
  void blocksEqualToTheirSourcesPass() {
    assertThat(checker.check(repo)).isEmpty();
    assertThat(checker.sync(repo)).isEmpty();
  }

  @Test
  void aDriftedBlockIsReportedWithADiffAndFixedBySync() throws IOException {
    Path source = repo.resolve("tutorials/src/main/java/dev/beamdiff/tutorials/Chapter9.java");
    Files.writeString(source, Files.readString(source).replace("18", "40"));

    assertThat(checker.check(repo))
        .singleElement()
        .asString()
        .startsWith(
            "tutorials/09-demo.md:3: snippet Chapter9#steps differs from"
                + " tutorials/src/main/java/dev/beamdiff/tutorials/Chapter9.java")
        .contains("- int steps = 18;\n+ int steps = 40;");

    assertThat(checker.sync(repo)).containsExactly(chapter);
    assertThat(Files.readString(chapter)).contains("int steps = 40;").doesNotContain("18");
    assertThat(checker.check(repo)).isEmpty();
  }

  @Test
  void aLibraryMemberIsFollowedToo() throws IOException {
    Path source = repo.resolve("model/src/main/java/dev/beamdiff/lib/Edm.java");
    Files.writeString(source, Files.readString(source).replace("0.25 /", "0.0625 /"));

    assertThat(checker.check(repo))
        .singleElement()
        .asString()
        .contains("snippet dev.beamdiff.lib.Edm#skip differs from model/src/main/java");
  }

  @Test
  void referencesToNothingAreReported() throws IOException {
    Files.writeString(
        chapter,
        Files.readString(chapter)
            + "\n<!-- snippet: Chapter9#gone -->\n```java\n```\n"
            + "\n<!-- snippet: Chapter8#steps -->\n```java\n```\n");

    assertThat(checker.check(repo))
        .satisfiesExactly(
            p -> assertThat(p).contains(":16: snippet Chapter9#gone: ").contains("no region"),
            p ->
                assertThat(p).contains(":20: snippet Chapter8#steps: no source file for Chapter8"));
    assertThatThrownBy(() -> checker.sync(repo)).hasMessageContaining("no region");
  }

  private Path write(String path, String text) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
