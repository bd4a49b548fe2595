package dev.beamdiff.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-step training metrics as JSON lines: {@code {"step":…, "loss":…, "lr":…, "grad_norm":…,
 * "img_per_s":…, "ema_decay":…, "time_s":…}}. A resumed run first drops the lines past its
 * checkpoint's step (the killed run computed them, the resumed run computes them again), so every
 * step appears once.
 */
public final class MetricsLog implements AutoCloseable {
  private final Path file;
  private final BufferedWriter writer;

  private MetricsLog(Path file, BufferedWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  /**
   * Opens {@code file} for appending after step {@code resumeStep}: lines of later steps are
   * removed first (0 starts a fresh log).
   */
  public static MetricsLog open(Path file, long resumeStep) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      List<String> kept = new ArrayList<>();
      if (resumeStep > 0 && Files.exists(file)) {
        for (StepMetrics m : read(file)) {
          if (m.step() <= resumeStep) {
            kept.add(toJson(m));
          }
        }
      }
      Files.write(file, kept, StandardCharsets.UTF_8);
      return new MetricsLog(
          file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics log " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  public void append(StepMetrics m) {
    try {
      writer.write(toJson(m));
      writer.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics log " + file, e);
    }
  }

  /** Pushes buffered lines to the file (done at every checkpoint and at the end). */
  public void flush() {
    try {
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics log " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close metrics log " + file, e);
    }
  }

  /** Reads every line of a metrics log; a malformed line is an error naming its number. */
  public static List<StepMetrics> read(Path file) throws IOException {
    List<StepMetrics> out = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        out.add(
            new StepMetrics(
                o.get("step").getAsLong(),
                o.get("loss").getAsDouble(),
                o.get("lr").getAsDouble(),
                o.get("grad_norm").getAsDouble(),
                o.get("img_per_s").getAsDouble(),
                o.get("ema_decay").getAsDouble(),
                o.get("time_s").getAsDouble()));
      } catch (JsonParseException | IllegalStateException | NullPointerException e) {
        throw new IOException(file + " line " + lineNumber + ": not a metrics record: " + line, e);
      }
    }
    return out;
  }

  static String toJson(StepMetrics m) {
    JsonObject o = new JsonObject();
    o.addProperty("step", m.step());
    o.addProperty("loss", m.loss());
    o.addProperty("lr", m.learningRate());
    o.addProperty("grad_norm", m.gradientNorm());
    o.addProperty("img_per_s", round(m.imagesPerSecond(), 100));
    o.addProperty("ema_decay", m.emaDecay());
    o.addProperty("time_s", round(m.trainingSeconds(), 1000));
    return o.toString();
  }

  private static double round(double value, double scale) {
    return Math.round(value * scale) / scale;
  }
}
