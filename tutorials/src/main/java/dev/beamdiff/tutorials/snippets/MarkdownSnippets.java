package dev.beamdiff.tutorials.snippets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snippet blocks of a Markdown chapter: an HTML comment {@code <!-- snippet: Source#name -->}
 * on its own line, directly followed by a fenced {@code ```java} block holding the code.
 */
public final class MarkdownSnippets {
  private static final Pattern COMMENT = Pattern.compile("^<!-- snippet: (\\S+) -->\\s*$");
  private static final String OPEN = "```java";
  private static final String CLOSE = "```";

  /**
   * One block.
   *
   * @param ref what it shows
   * @param commentLine 0-based line of the comment
   * @param code the block's content (each line ending in a newline), or null when no fenced block
   *     follows the comment
   * @param end 0-based line of the closing fence, or the comment line when there is no block
   */
  public record Block(SnippetRef ref, int commentLine, String code, int end) {
    /** 1-based line of the comment, for messages. */
    public int lineNumber() {
      return commentLine + 1;
    }
  }

  private final String label;
  private final List<String> lines;
  private final List<Block> blocks;

  /**
   * Parses a chapter.
   *
   * @param label the file's name, for error messages
   * @param markdown the file's text
   * @throws IllegalArgumentException on a malformed reference or an unclosed code block
   */
  public MarkdownSnippets(String label, String markdown) {
    this.label = label;
    this.lines = markdown.lines().toList();
    this.blocks = parse();
  }

  /** The blocks, in file order. */
  public List<Block> blocks() {
    return blocks;
  }

  /**
   * The chapter with every block's code replaced by {@code code.apply(block)}; a comment without a
   * block gets one.
   */
  public String render(Function<Block, String> code) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (Block block : blocks) {
      for (int i = next; i <= block.commentLine(); i++) {
        out.append(lines.get(i)).append('\n');
      }
      out.append(OPEN).append('\n').append(code.apply(block)).append(CLOSE).append('\n');
      next = block.end() + 1;
    }
    for (int i = next; i < lines.size(); i++) {
      out.append(lines.get(i)).append('\n');
    }
    return out.toString();
  }

  private List<Block> parse() {
    List<Block> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = COMMENT.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      SnippetRef ref;
      try {
        ref = SnippetRef.parse(m.group(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(label + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).equals(OPEN)) {
        found.add(new Block(ref, i, null, i));
        continue;
      }
      StringBuilder code = new StringBuilder();
      int j = i + 2;
      while (j < lines.size() && !lines.get(j).equals(CLOSE)) {
        code.append(lines.get(j)).append('\n');
        j++;
      }
      if (j == lines.size()) {
        throw new IllegalArgumentException(
            label + ":" + (i + 2) + ": the code block of snippet " + ref + " is never closed");
      }
      found.add(new Block(ref, i, code.toString(), j));
      i = j;
    }
    return List.copyOf(found);
  }
}
