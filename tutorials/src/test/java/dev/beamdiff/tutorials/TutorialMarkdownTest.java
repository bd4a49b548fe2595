package dev.beamdiff.tutorials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.tutorials.snippets.MarkdownLinks;
import dev.beamdiff.tutorials.snippets.MarkdownSnippets;
import dev.beamdiff.tutorials.snippets.SnippetChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Markdown chapters: code blocks equal to the compiled sources, links that resolve. */
class TutorialMarkdownTest {
  private static final Path ROOT = Repository.root();

  @Test
  void everyCodeBlockEqualsTheSourceItShows() {
    List<String> problems = new SnippetChecker().check(ROOT);

    assertThat(problems)
        .as(
            "Markdown code blocks that differ from the compiled sources:%n%n%s%n%nFix: %s",
            String.join("\n\n", problems), SnippetChecker.FIX)
        .isEmpty();
  }

  @Test
  void everyRelativeLinkAndFigureExists() {
    List<String> broken =
        SnippetChecker.chapters(ROOT).stream()
            .flatMap(md -> MarkdownLinks.broken(ROOT, md).stream())
            .toList();

    assertThat(broken).as("links to missing files").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.beamdiff.tutorials.TutorialChaptersTest#chapters")
  void everyChapterHasItsMarkdownWithCodeAndExercises(TutorialChapter chapter) throws IOException {
    Path markdown = ROOT.resolve("tutorials").resolve(chapter.markdown());
    assertThat(markdown).as("the chapter's Markdown").exists();
    String text = Files.readString(markdown);

    assertThat(text.lines().findFirst()).hasValue("# " + chapter.number() + ". " + chapter.title());
    assertThat(new MarkdownSnippets(chapter.markdown(), text).blocks())
        .as("code shown from the sources")
        .isNotEmpty();
    assertThat(text).contains("\n## Exercises\n");
  }
}
