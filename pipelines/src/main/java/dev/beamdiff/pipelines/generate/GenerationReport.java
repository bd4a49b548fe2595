package dev.beamdiff.pipelines.generate;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * {@code generation.json}: what was asked (the request, with the checkpoint file actually used) and
 * what came out (images written, wall time, images per second, where they are). The pipeline writes
 * it as its last step, so it exists on every runner once the job has finished.
 */
public final class GenerationReport {
  /** File name inside the output folder. */
  public static final String FILE_NAME = "generation.json";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** The request. */
  public Request request;

  /** Images sampled and written. */
  public long written;

  /** Wall time from building the pipeline to the last image written, seconds. */
  public double seconds;

  /** {@code written / seconds}. */
  public double imagesPerSecond;

  /** PNG file pattern, or null if no PNGs were written. */
  public String png;

  /** Avro shard pattern, or null if no Avro records were written. */
  public String avro;

  /** The options that define the images. */
  public static final class Request {
    public String checkpoint;
    public String checkpointFile;
    public int n;
    public String sampler;
    public int steps;
    public double guidance;
    public String classes;
    public List<Integer> classCycle;
    public long seed;
    public String format;
    public int batchSize;
  }

  /** Parses a report. */
  public static GenerationReport fromJson(String json) {
    return GSON.fromJson(json, GenerationReport.class);
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  /** Writes the report to {@code file} (local or URI). */
  void write(ResourceId file) {
    try (Writer out =
        Channels.newWriter(FileSystems.create(file, MimeTypes.TEXT), StandardCharsets.UTF_8)) {
      out.write(toJson());
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the report of output folder {@code output}. */
  public static GenerationReport read(String output) {
    ResourceId file = GeneratePipeline.outputFile(output, FILE_NAME);
    try (Reader in = Channels.newReader(FileSystems.open(file), StandardCharsets.UTF_8)) {
      StringBuilder json = new StringBuilder();
      char[] buffer = new char[4096];
      for (int n; (n = in.read(buffer)) > 0; ) {
        json.append(buffer, 0, n);
      }
      return fromJson(json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
