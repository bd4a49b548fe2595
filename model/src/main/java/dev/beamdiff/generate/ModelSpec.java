package dev.beamdiff.generate;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import java.util.Objects;

/**
 * What a trained model is: its network ({@code network} names the configuration it started from,
 * {@code unet} holds every hyper-parameter) and the diffusion it was trained for (schedule,
 * prediction and loss weighting, by their command-line names). Stored as the {@code "model"} member
 * of a checkpoint's configuration, so a checkpoint alone rebuilds a sampler-ready model.
 */
public record ModelSpec(
    String network, UNetConfig unet, String schedule, String prediction, String weighting) {
  private static final Gson GSON = new Gson();

  public ModelSpec {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(unet, "unet");
    diffusionOf(schedule, prediction, weighting); // validates the names and their combination
  }

  /** The spec of {@code unet} trained for {@code diffusion}. */
  public static ModelSpec of(String network, UNetConfig unet, DiffusionSpec diffusion) {
    return new ModelSpec(
        network,
        unet,
        diffusion.schedule().name(),
        diffusion.prediction().name(),
        diffusion.weighting().name());
  }

  /** Reads the {@code "model"} member of a checkpoint's configuration JSON. */
  public static ModelSpec fromConfigJson(String configJson, String source) {
    try {
      JsonObject root = JsonParser.parseString(configJson).getAsJsonObject();
      if (!root.has("model")) {
        throw new IllegalArgumentException(source + ": configuration has no \"model\" section");
      }
      return GSON.fromJson(root.get("model"), ModelSpec.class);
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException(
          source + ": configuration is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The schedule, prediction transform and loss weighting. */
  public DiffusionSpec diffusion() {
    return diffusionOf(schedule, prediction, weighting);
  }

  /** Number of classes (0: unconditional); the null label for guidance is this index. */
  public int numClasses() {
    return unet.numClasses();
  }

  /** Shape of a batch of {@code batch} images: [B, C, S, S]. */
  public Shape imageShape(long batch) {
    return new Shape(batch, unet.inChannels(), unet.imageSize(), unet.imageSize());
  }

  private static DiffusionSpec diffusionOf(String schedule, String prediction, String weighting) {
    return DiffusionSpec.parse(
        Objects.requireNonNull(schedule, "schedule"),
        Objects.requireNonNull(prediction, "prediction"),
        Objects.requireNonNull(weighting, "weighting"));
  }
}
