package dev.beamdiff.tutorials.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownSnippetsTest {
  private static final String CHAPTER =
      """
      # Title

      <!-- snippet: Chapter9#first -->
      ```java
      int a = 1;
      ```

      Text with ```inline``` code.

      <!-- snippet: dev.beamdiff.x.Y#method -->
      Not a block.
      ```java
      unrelated();
      ```
      """;

  @Test
  void findsEachReferenceWithTheBlockThatFollowsIt() {
    MarkdownSnippets markdown = new MarkdownSnippets("ch.md", CHAPTER);

    assertThat(markdown.blocks()).hasSize(2);
    MarkdownSnippets.Block first = markdown.blocks().get(0);
    assertThat(first.ref()).isEqualTo(new SnippetRef("Chapter9", "first"));
    assertThat(first.lineNumber()).isEqualTo(3);
    assertThat(first.code()).isEqualTo("int a = 1;\n");
    MarkdownSnippets.Block second = markdown.blocks().get(1);
    assertThat(second.ref()).isEqualTo(new SnippetRef("dev.beamdiff.x.Y", "method"));
    assertThat(second.code()).isNull();
  }

  @Test
  void rendersNewCodeAndGivesABlocklessReferenceItsBlock() {
    String rendered = new MarkdownSnippets("ch.md", CHAPTER).render(b -> b.ref().name() + "();\n");

    assertThat(rendered)
        .isEqualTo(
            """
            # Title

            <!-- snippet: Chapter9#first -->
            ```java
            first();
            ```

            Text with ```inline``` code.

            <!-- snippet: dev.beamdiff.x.Y#method -->
            ```java
            method();
            ```
            Not a block.
            ```java
            unrelated();
            ```
            """);
    assertThat(new MarkdownSnippets("ch.md", rendered).render(b -> b.code())).isEqualTo(rendered);
  }

  @Test
  void rejectsUnclosedBlocksAndMalformedReferences() {
    assertThatThrownBy(() -> new MarkdownSnippets("ch.md", "<!-- snippet: A#b -->\n```java\nx\n"))
        .hasMessage("ch.md:2: the code block of snippet A#b is never closed");
    assertThatThrownBy(() -> new MarkdownSnippets("ch.md", "\n<!-- snippet: A -->\n"))
        .hasMessageStartingWith("ch.md:2: snippet reference 'A': expected Class#name");
  }
}
