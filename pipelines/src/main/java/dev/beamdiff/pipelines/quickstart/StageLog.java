package dev.beamdiff.pipelines.quickstart;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quickstart's stage log: prints each stage's one-line header and whether it is reused, and
 * keeps each stage's run time in {@value #FILE_NAME} so a report written after a re-run still shows
 * how long the work took when it was done.
 */
final class StageLog {
  static final String FILE_NAME = "stages.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final PrintWriter out;
  private final Path file;
  private final Map<String, Double> seconds;
  private final List<StageRecord> records = new ArrayList<>();
  private final int stageCount;

  /** Reads the times of an earlier run from {@code outDir}, if any. */
  StageLog(PrintWriter out, Path outDir, int stageCount) {
    this.out = out;
    this.file = outDir.resolve(FILE_NAME);
    this.stageCount = stageCount;
    this.seconds = read(file, out);
  }

  /** What happened to one stage in this run. */
  record StageRecord(String name, double seconds, boolean reused, List<String> commands) {}

  /** Prints the header of stage {@code index} (1-based). */
  void header(int index, String name, String title) {
    out.printf("[%d/%d] %s: %s%n", index, stageCount, name, title);
    out.flush();
  }

  /** Prints a detail line of the current stage. */
  void note(String line) {
    out.println("  " + line);
    out.flush();
  }

  PrintWriter out() {
    return out;
  }

  /** The stage's finished outputs are reused; its time is the one recorded when it ran. */
  void reused(String name, String what, List<String> commands) {
    note("reusing " + what);
    records.add(new StageRecord(name, seconds.getOrDefault(name, Double.NaN), true, commands));
  }

  /** The stage ran for {@code secondsTaken}. */
  void ran(String name, double secondsTaken, List<String> commands) {
    note(String.format("done in %.1f s", secondsTaken));
    seconds.put(name, secondsTaken);
    records.add(new StageRecord(name, secondsTaken, false, commands));
    write();
  }

  /** This run's stages, in order. */
  List<StageRecord> records() {
    return List.copyOf(records);
  }

  private void write() {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, GSON.toJson(seconds), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Double> read(Path file, PrintWriter out) {
    if (!Files.isRegularFile(file)) {
      return new LinkedHashMap<>();
    }
    try {
      Map<String, Double> times =
          GSON.fromJson(
              Files.readString(file, StandardCharsets.UTF_8),
              new TypeToken<LinkedHashMap<String, Double>>() {}.getType());
      return times == null ? new LinkedHashMap<>() : times;
    } catch (IOException | JsonParseException e) {
      // Only the report's time column depends on it: say so and start the record over.
      out.printf("warning: cannot read %s (%s); earlier stage times are lost%n", file, e);
      return new LinkedHashMap<>();
    }
  }
}
