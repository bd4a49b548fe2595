package dev.beamdiff.tutorials.snippets;

import dev.beamdiff.cli.TutorialSnippets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks and rewrites the snippet blocks of {@code tutorials/*.md} against the sources they show
 * (see {@link MarkdownSnippets} and {@link SourceRegions}). Run by {@code beamdiff tutorial
 * --check} / {@code --sync}, by the tutorials' tests, or directly: {@code SnippetChecker [--sync]
 * [REPOSITORY]}.
 */
public final class SnippetChecker implements TutorialSnippets {
  /** The command that rewrites drifted blocks, quoted in failure messages. */
  public static final String FIX = "./beamdiff tutorial --sync";

  @Override
  public List<String> check(Path repositoryRoot) {
    Sources sources = new Sources(repositoryRoot);
    List<String> problems = new ArrayList<>();
    for (Path chapter : chapters(repositoryRoot)) {
      String label = repositoryRoot.relativize(chapter).toString();
      MarkdownSnippets markdown;
      try {
        markdown = new MarkdownSnippets(label, read(chapter));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        continue;
      }
      for (MarkdownSnippets.Block block : markdown.blocks()) {
        String where = label + ":" + block.lineNumber() + ": snippet " + block.ref();
        String expected;
        try {
          expected = sources.code(block.ref());
        } catch (IllegalArgumentException e) {
          problems.add(where + ": " + e.getMessage());
          continue;
        }
        if (block.code() == null) {
          problems.add(where + ": no ```java block follows the comment");
        } else if (!block.code().equals(expected)) {
          problems.add(
              where
                  + " differs from "
                  + repositoryRoot.relativize(block.ref().file(repositoryRoot))
                  + " (- shown in the Markdown, + compiled source):\n"
                  + String.join("\n", LineDiff.diff(block.code(), expected, 2)));
        }
      }
    }
    return problems;
  }

  @Override
  public List<Path> sync(Path repositoryRoot) {
    Sources sources = new Sources(repositoryRoot);
    List<Path> changed = new ArrayList<>();
    for (Path chapter : chapters(repositoryRoot)) {
      String text = read(chapter);
      MarkdownSnippets markdown =
          new MarkdownSnippets(repositoryRoot.relativize(chapter).toString(), text);
      String rendered = markdown.render(block -> sources.code(block.ref()));
      if (!rendered.equals(text)) {
        try {
          Files.writeString(chapter, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot rewrite " + chapter, e);
        }
        changed.add(chapter);
      }
    }
    return changed;
  }

  /** The Markdown chapters: {@code tutorials/*.md}, by name. */
  public static List<Path> chapters(Path repositoryRoot) {
    Path dir = repositoryRoot.resolve("tutorials");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "repository " + repositoryRoot.toAbsolutePath() + ": no tutorials/ folder");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Parsed sources, each read once per run. */
  private static final class Sources {
    private final Path root;
    private final Map<Path, SourceRegions> parsed = new HashMap<>();

    Sources(Path root) {
      this.root = root;
    }

    String code(SnippetRef ref) {
      Path file = ref.file(root);
      SourceRegions regions =
          parsed.computeIfAbsent(
              file, f -> new SourceRegions(root.relativize(f).toString(), read(f)));
      return regions.extract(ref.name());
    }
  }

  /** {@code SnippetChecker [--sync] [REPOSITORY]}: checks (exit 1 on drift) or rewrites. */
  public static void main(String[] args) {
    boolean sync = List.of(args).contains("--sync");
    Path root = Path.of(Stream.of(args).filter(a -> !a.startsWith("--")).findFirst().orElse("."));
    SnippetChecker checker = new SnippetChecker();
    if (sync) {
      checker.sync(root).forEach(p -> System.out.println("rewrote " + p));
      return;
    }
    List<String> problems = checker.check(root);
    problems.forEach(System.out::println);
    if (!problems.isEmpty()) {
      System.out.println("Fix: " + FIX);
      System.exit(1);
    }
  }
}
