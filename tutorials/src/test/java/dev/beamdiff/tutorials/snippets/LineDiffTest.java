package dev.beamdiff.tutorials.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {
  @Test
  void marksRemovedAndAddedLinesWithContext() {
    String before = "a\nb\nc\nd\ne\nf\ng\n";
    String after = "a\nb\nc\nD\ne\nf\ng\nh\n";

    assertThat(LineDiff.diff(before, after, 1))
        .containsExactly("  …", "  c", "- d", "+ D", "  e", "  …", "  g", "+ h");
  }

  @Test
  void equalTextsHaveNoChanges() {
    assertThat(LineDiff.diff("x\ny\n", "x\ny\n", 2)).isEmpty();
  }
}
