package dev.beamdiff.transforms.avro;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a folder of image shards holds: written as {@value #FILE_NAME} next to the shards once they
 * are complete, so its presence means the dataset is whole.
 *
 * @param schemaVersion the {@link ImageRecord} schema version of every record
 * @param records number of records in all shards
 * @param deadLetters number of inputs refused (listed in {@code dead-letters.jsonl})
 * @param height height of every image (0 if there are no records)
 * @param width width of every image (0 if there are no records)
 * @param channels channels of every image (0 if there are no records)
 * @param encoding the {@link PixelEncoding} of every record's pixels
 * @param classes records per class, by label, for labelled records
 * @param unlabeled number of records with label -1
 * @param channelMean per-channel mean of all pixels, in [0, 1] units (value / 255)
 * @param channelStd per-channel population standard deviation, in [0, 1] units
 * @param shards the shard file names, relative to the manifest's folder
 * @param settings how the records were made (input, size, fit, filter, ...), for provenance
 */
public record ShardManifest(
    int schemaVersion,
    long records,
    long deadLetters,
    int height,
    int width,
    int channels,
    String encoding,
    List<ClassCount> classes,
    long unlabeled,
    List<Double> channelMean,
    List<Double> channelStd,
    List<String> shards,
    Map<String, String> settings) {

  public static final String FILE_NAME = "manifest.json";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  /** Number of records of one class. */
  public record ClassCount(int label, String name, long count) {}

  public ShardManifest {
    classes = copy(classes);
    channelMean = copy(channelMean);
    channelStd = copy(channelStd);
    shards = copy(shards);
    settings =
        settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  /**
   * Parses a manifest read from {@code source} (named in errors).
   *
   * @throws IllegalArgumentException if it is not a manifest of a schema version this code reads
   */
  public static ShardManifest fromJson(String json, String source) {
    ShardManifest manifest;
    try {
      JsonElement tree = JsonParser.parseString(json);
      if (!tree.isJsonObject() || !tree.getAsJsonObject().has("shards")) {
        throw new IllegalArgumentException(
            source + ": not a BeamDiff shard manifest (no \"shards\" list)");
      }
      manifest = GSON.fromJson(tree, ShardManifest.class);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          source + ": not a BeamDiff shard manifest (" + e.getMessage() + ")", e);
    }
    if (manifest.schemaVersion != ImageRecords.SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          source
              + ": schema version "
              + manifest.schemaVersion
              + ", this BeamDiff reads version "
              + ImageRecords.SCHEMA_VERSION);
    }
    return manifest;
  }
}
