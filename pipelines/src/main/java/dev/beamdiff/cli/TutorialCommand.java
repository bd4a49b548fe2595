package dev.beamdiff.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code beamdiff tutorial [n]}: lists the tutorial chapters, runs one (regenerating its figures),
 * or checks and syncs the code shown in their Markdown. Chapters are {@link TutorialChapter}
 * plugins found with {@link ServiceLoader}.
 */
@Command(
    name = "tutorial",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The tutorials, from DDPM to EDM: run chapter n and regenerate its figures.",
      "Without a chapter number, lists the chapters. The text is in tutorials/*.md."
    })
final class TutorialCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "N",
      description = "Chapter to run; leave out to list the chapters.")
  Integer chapter;

  @Option(
      names = "--fast",
      description = "Small budgets (what CI runs): same code, fewer samples and training steps.")
  boolean fast;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Folder for the figures (default: tutorials/figures in the repository, overwriting the"
              + " committed ones).")
  Path outDir;

  @Option(
      names = "--check",
      description = "Report Markdown code blocks that differ from the sources they show.")
  boolean check;

  @Option(
      names = "--sync",
      description = "Rewrite the Markdown code blocks from the sources they show.")
  boolean sync;

  @Option(
      names = "--repository",
      paramLabel = "DIR",
      description = "The BeamDiff checkout (default: ${DEFAULT-VALUE}).")
  Path repository = Path.of(System.getProperty("beamdiff.home", "."));

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (check || sync) {
      if (chapter != null) {
        throw new IllegalArgumentException(
            "--check and --sync work on every chapter; leave out the chapter number " + chapter);
      }
      return snippets(out);
    }
    List<TutorialChapter> chapters = chapters();
    if (chapter == null) {
      out.println("Tutorial chapters (run one with: beamdiff tutorial N [--fast] [--out DIR]):");
      for (TutorialChapter c : chapters) {
        out.printf(Locale.ROOT, "  %d  %-52s tutorials/%s%n", c.number(), c.title(), c.markdown());
      }
      return 0;
    }
    TutorialChapter selected =
        chapters.stream()
            .filter(c -> c.number() == chapter)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "chapter "
                            + chapter
                            + ": no such chapter; expected one of "
                            + chapters.stream().map(c -> String.valueOf(c.number())).toList()));
    Path dir = outDir != null ? outDir : repository.resolve("tutorials").resolve("figures");
    out.printf(
        Locale.ROOT,
        "Chapter %d: %s%s%n",
        selected.number(),
        selected.title(),
        fast ? " (fast mode)" : "");
    long start = System.nanoTime();
    TutorialChapter.Result result = selected.run(dir, fast);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    print(result, out);
    out.printf(
        Locale.ROOT,
        "Done in %d s. Read the chapter: %s%n",
        took.toSeconds(),
        repository.resolve("tutorials").resolve(selected.markdown()).normalize());
    return 0;
  }

  private int snippets(PrintWriter out) {
    TutorialSnippets tool =
        ServiceLoader.load(TutorialSnippets.class)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no snippet checker on the classpath: run beamdiff from the repository's"
                            + " ./beamdiff launcher, which puts the tutorials module on it"));
    if (sync) {
      List<Path> changed = tool.sync(repository);
      if (changed.isEmpty()) {
        out.println("Every Markdown code block already matches its source.");
      } else {
        changed.forEach(p -> out.println("rewrote " + p));
      }
      return 0;
    }
    List<String> problems = tool.check(repository);
    if (problems.isEmpty()) {
      out.println("Every Markdown code block matches its source.");
      return 0;
    }
    problems.forEach(out::println);
    out.println("Fix: ./beamdiff tutorial --sync");
    return 1;
  }

  /** The registered chapters, by number. */
  static List<TutorialChapter> chapters() {
    List<TutorialChapter> chapters =
        ServiceLoader.load(TutorialChapter.class).stream()
            .map(ServiceLoader.Provider::get)
            .sorted(Comparator.comparingInt(TutorialChapter::number))
            .toList();
    if (chapters.isEmpty()) {
      throw new IllegalStateException(
          "no tutorial chapters on the classpath: run beamdiff from the repository's ./beamdiff"
              + " launcher, which puts the tutorials module on it");
    }
    return chapters;
  }

  private static void print(TutorialChapter.Result result, PrintWriter out) {
    if (!result.measurements().isEmpty()) {
      out.println("Measured:");
      int width = result.measurements().keySet().stream().mapToInt(String::length).max().orElse(0);
      for (Map.Entry<String, Double> m : result.measurements().entrySet()) {
        out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", m.getKey(), format(m.getValue()));
      }
    }
    out.println("Figures:");
    result.figures().forEach(f -> out.println("  " + f.toAbsolutePath().normalize()));
  }

  private static String format(double value) {
    double magnitude = Math.abs(value);
    if (value == Math.rint(value) && magnitude < 1e9) {
      return String.valueOf((long) value);
    }
    return magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)
        ? String.format(Locale.ROOT, "%.4e", value)
        : String.format(Locale.ROOT, "%.4f", value);
  }
}
