package dev.beamdiff.tutorials.snippets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relative links and images of the Markdown chapters ({@code [text](path)}, {@code ![alt](path)}),
 * which must point at files or folders of the repository: the library classes a chapter links to
 * and the figures it shows. Web links ({@code http(s):}, {@code mailto:}) and in-page anchors are
 * not checked.
 */
public final class MarkdownLinks {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  private MarkdownLinks() {}

  /** {@code file:line: target} for every relative link of {@code markdown} that does not exist. */
  public static List<String> broken(Path repositoryRoot, Path markdown) {
    List<String> broken = new ArrayList<>();
    List<String> lines = SnippetChecker.read(markdown).lines().toList();
    boolean inCode = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        continue;
      }
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("#") || target.matches("^[a-z]+:.*")) {
          continue;
        }
        String path = target.replaceAll("#.*$", "");
        if (!Files.exists(markdown.getParent().resolve(path).normalize())) {
          broken.add(repositoryRoot.relativize(markdown) + ":" + (i + 1) + ": " + target);
        }
      }
    }
    return broken;
  }
}
