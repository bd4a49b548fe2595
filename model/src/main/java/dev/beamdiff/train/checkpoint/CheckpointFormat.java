package dev.beamdiff.train.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.beamdiff.io.StoredZipEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The on-disk checkpoint: one uncompressed ZIP archive (so {@code unzip -l} lists it and {@code
 * numpy.load} opens it as an {@code .npz}) holding
 *
 * <ul>
 *   <li>{@code checkpoint.json} — format, step, batches consumed, seed, training time, AdamW step;
 *   <li>{@code config.json} — the run's full configuration;
 *   <li>{@code weights/<name>.npy}, {@code ema/<name>.npy}, {@code adam_m/<name>.npy}, {@code
 *       adam_v/<name>.npy} — float32 tensors by parameter name, in model order.
 * </ul>
 *
 * Every entry carries a CRC-32 that is checked on reading, and reading fails unless the archive is
 * complete, so a damaged file is an error, never a silently different model.
 */
public final class CheckpointFormat {
  /** Value of {@code checkpoint.json}'s {@code format} field. */
  public static final String FORMAT = "beamdiff-checkpoint";

  public static final int VERSION = 1;

  static final String HEADER = "checkpoint.json";
  static final String CONFIG = "config.json";
  static final String WEIGHTS = "weights/";
  static final String EMA = "ema/";
  static final String ADAM_M = "adam_m/";
  static final String ADAM_V = "adam_v/";
  private static final String NPY = ".npy";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private CheckpointFormat() {}

  /** Writes {@code checkpoint} to {@code out} (not closed). */
  public static void write(Checkpoint checkpoint, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.setMethod(ZipOutputStream.STORED);
    StoredZipEntry.write(
        zip, HEADER, GSON.toJson(header(checkpoint)).getBytes(StandardCharsets.UTF_8));
    StoredZipEntry.write(zip, CONFIG, checkpoint.configJson().getBytes(StandardCharsets.UTF_8));
    putAll(zip, WEIGHTS, checkpoint.weights());
    putAll(zip, EMA, checkpoint.emaWeights());
    putAll(zip, ADAM_M, checkpoint.optimizer().firstMoments());
    putAll(zip, ADAM_V, checkpoint.optimizer().secondMoments());
    zip.finish();
    zip.flush();
  }

  /**
   * Reads only {@code config.json} (the second entry) of a checkpoint, after checking its header:
   * cheap even for large models.
   */
  public static String readConfigJson(InputStream in, String source) throws IOException {
    try {
      ZipInputStream zip = new ZipInputStream(in);
      ZipEntry entry;
      boolean headerSeen = false;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.getName().equals(HEADER)) {
          parseHeader(zip.readAllBytes(), source);
          headerSeen = true;
        } else if (entry.getName().equals(CONFIG)) {
          if (!headerSeen) {
            break;
          }
          return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException(source + ": damaged or truncated checkpoint: " + e.getMessage(), e);
    }
    throw new IOException(
        source + ": not a BeamDiff checkpoint (no " + HEADER + " and " + CONFIG + ")");
  }

  /** Reads a checkpoint written by {@link #write}; {@code source} names it in error messages. */
  public static Checkpoint read(InputStream in, String source) throws IOException {
    JsonObject header = null;
    String config = null;
    Map<String, Map<String, FloatTensor>> sets = new LinkedHashMap<>();
    for (String prefix : new String[] {WEIGHTS, EMA, ADAM_M, ADAM_V}) {
      sets.put(prefix, new LinkedHashMap<>());
    }
    try {
      ZipInputStream zip = new ZipInputStream(in);
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        byte[] bytes = zip.readAllBytes();
        if (name.equals(HEADER)) {
          header = parseHeader(bytes, source);
        } else if (name.equals(CONFIG)) {
          config = new String(bytes, StandardCharsets.UTF_8);
        } else {
          String prefix = prefixOf(name);
          if (prefix == null || !name.endsWith(NPY)) {
            throw new IOException(source + ": unexpected entry '" + name + "' in checkpoint");
          }
          String tensor = name.substring(prefix.length(), name.length() - NPY.length());
          sets.get(prefix).put(tensor, FloatTensor.fromNpy(source + "!" + name, bytes));
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw new IOException(source + ": damaged or truncated checkpoint: " + e.getMessage(), e);
    }
    if (header == null || config == null) {
      throw new IOException(
          source
              + ": not a complete BeamDiff checkpoint (missing "
              + (header == null ? HEADER : CONFIG)
              + ")");
    }
    JsonObject counts =
        header.has("tensors") ? header.getAsJsonObject("tensors") : new JsonObject();
    for (Map.Entry<String, Map<String, FloatTensor>> set : sets.entrySet()) {
      long expected = longField(counts, set.getKey(), source);
      if (set.getValue().size() != expected) {
        throw new IOException(
            source
                + ": incomplete checkpoint, "
                + set.getKey()
                + " holds "
                + set.getValue().size()
                + " tensors, its header says "
                + expected);
      }
    }
    long step = longField(header, "step", source);
    Checkpoint.Progress progress =
        new Checkpoint.Progress(
            step,
            longField(header, "batchesConsumed", source),
            longField(header, "seed", source),
            header.has("trainingSeconds") ? header.get("trainingSeconds").getAsDouble() : 0);
    TensorSet weights = new TensorSet(sets.get(WEIGHTS));
    return new Checkpoint(
        progress,
        config,
        weights,
        new TensorSet(sets.get(EMA)),
        new Checkpoint.OptimizerState(
            longField(header, "adamSteps", source),
            new TensorSet(sets.get(ADAM_M)),
            new TensorSet(sets.get(ADAM_V))));
  }

  private static JsonObject header(Checkpoint c) {
    JsonObject h = new JsonObject();
    h.addProperty("format", FORMAT);
    h.addProperty("version", VERSION);
    h.addProperty("step", c.progress().step());
    h.addProperty("batchesConsumed", c.progress().batchesConsumed());
    h.addProperty("seed", c.progress().seed());
    h.addProperty("rng", "per-step streams seeded by SplitMix64(seed, step)");
    h.addProperty("trainingSeconds", c.progress().trainingSeconds());
    h.addProperty("adamSteps", c.optimizer().steps());
    h.addProperty("writtenAt", Instant.now().toString());
    JsonObject counts = new JsonObject();
    counts.addProperty(WEIGHTS, c.weights().size());
    counts.addProperty(EMA, c.emaWeights().size());
    counts.addProperty(ADAM_M, c.optimizer().firstMoments().size());
    counts.addProperty(ADAM_V, c.optimizer().secondMoments().size());
    h.add("tensors", counts);
    return h;
  }

  private static JsonObject parseHeader(byte[] bytes, String source) throws IOException {
    JsonObject header;
    try {
      header = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(source + ": " + HEADER + " is not a JSON object: " + e.getMessage(), e);
    }
    String format = header.has("format") ? header.get("format").getAsString() : "";
    if (!FORMAT.equals(format)) {
      throw new IOException(
          source + ": format '" + format + "' is not a BeamDiff checkpoint ('" + FORMAT + "')");
    }
    int version = header.has("version") ? header.get("version").getAsInt() : -1;
    if (version != VERSION) {
      throw new IOException(
          source + ": checkpoint format version " + version + ", this build reads " + VERSION);
    }
    return header;
  }

  private static long longField(JsonObject json, String field, String source) throws IOException {
    if (!json.has(field)) {
      throw new IOException(source + ": " + HEADER + " has no '" + field + "'");
    }
    return json.get(field).getAsLong();
  }

  private static String prefixOf(String name) {
    for (String prefix : new String[] {WEIGHTS, EMA, ADAM_M, ADAM_V}) {
      if (name.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  private static void putAll(ZipOutputStream zip, String prefix, TensorSet set) throws IOException {
    for (Map.Entry<String, FloatTensor> e : set.asMap().entrySet()) {
      StoredZipEntry.write(zip, prefix + e.getKey() + NPY, e.getValue().toNpy());
    }
  }
}
