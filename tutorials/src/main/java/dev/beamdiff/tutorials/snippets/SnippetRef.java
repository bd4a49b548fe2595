package dev.beamdiff.tutorials.snippets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a Markdown code block shows: {@code Source#name}, where {@code Source} is a tutorial program
 * ({@code Chapter4Solvers}, in {@code tutorials/src/main/java/dev/beamdiff/tutorials}) or a fully
 * qualified library class ({@code dev.beamdiff.diffusion.prediction.EdmPreconditioning}), and
 * {@code name} a region marked {@code // tutorial:begin name} … {@code // tutorial:end name} in it,
 * or else the one member (method, constructor, nested type) of that name; an overloaded method is
 * named with its parameter types, {@code linear(int,double,double)}.
 *
 * @param source the class as written in the reference
 * @param name the region or member
 */
public record SnippetRef(String source, String name) {
  /** Modules whose {@code src/main/java} may hold a referenced library class. */
  static final List<String> MODULES = List.of("model", "transforms", "pipelines", "tutorials");

  private static final String TUTORIAL_PACKAGE = "dev/beamdiff/tutorials/";
  private static final Pattern CLASS = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
  private static final Pattern NAME = Pattern.compile("[\\w$-]+(\\([\\w$.,<>\\[\\]?]*\\))?");

  public SnippetRef {
    if (!CLASS.matcher(source).matches() || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "snippet reference '"
              + source
              + "#"
              + name
              + "': expected Class#name or fully.qualified.Class#name");
    }
  }

  /** Parses {@code Source#name}. */
  public static SnippetRef parse(String text) {
    int hash = text.indexOf('#');
    if (hash <= 0 || hash == text.length() - 1) {
      throw new IllegalArgumentException(
          "snippet reference '" + text + "': expected Class#name, e.g. Chapter4Solvers#orders");
    }
    return new SnippetRef(text.substring(0, hash), text.substring(hash + 1));
  }

  /**
   * The source file inside the repository: a simple name is a tutorial program, a qualified name a
   * class in one of the modules' {@code src/main/java}.
   *
   * @throws IllegalArgumentException if no such file exists
   */
  public Path file(Path repositoryRoot) {
    boolean qualified = source.contains(".");
    List<Path> candidates =
        qualified
            ? MODULES.stream()
                .map(
                    m ->
                        repositoryRoot.resolve(
                            m + "/src/main/java/" + source.replace('.', '/') + ".java"))
                .toList()
            : List.of(
                repositoryRoot.resolve(
                    "tutorials/src/main/java/" + TUTORIAL_PACKAGE + source + ".java"));
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no source file for "
                        + source
                        + "; looked for "
                        + candidates.stream()
                            .map(p -> repositoryRoot.relativize(p).toString())
                            .toList()));
  }

  @Override
  public String toString() {
    return source + "#" + name;
  }
}
