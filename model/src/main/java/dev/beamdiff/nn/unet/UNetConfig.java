package dev.beamdiff.nn.unet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hyper-parameters of a {@link UNet}; a record that Gson writes to and reads from JSON for
 * checkpoints ({@link #toJson()}, {@link #fromJson(String)}). Every value is checked on
 * construction, also when read from JSON.
 *
 * @param imageSize S: input images are S×S; S must be divisible by 2^(levels−1)
 * @param inChannels channels of the input image
 * @param outChannels channels of the output (the prediction: ε, x₀, v or F)
 * @param baseChannels the width of level 0
 * @param channelMultipliers level i has baseChannels·channelMultipliers[i] channels and resolution
 *     S/2^i; the number of entries is the number of levels
 * @param resBlocksPerLevel residual blocks per level on the way down (one more on the way up)
 * @param attentionResolutions the resolutions (S/2^i) of the levels that get self-attention after
 *     each residual block; the middle always has one attention block
 * @param attentionHeads heads of every attention block; must divide every level's channels
 * @param normGroups GroupNorm groups; must divide every level's channels
 * @param normEpsilon GroupNorm ε
 * @param noiseEmbeddingDim D, width of the sinusoidal noise-level features (even, &gt;= 4)
 * @param timeEmbeddingDim E, width of the embedding MLP and of the label embedding
 * @param dropout dropout rate inside the residual blocks, in [0, 1)
 * @param numClasses K &gt; 0 adds a label embedding with K + 1 rows (row K = the null label for
 *     classifier-free guidance); 0 makes the network unconditional
 */
public record UNetConfig(
    int imageSize,
    int inChannels,
    int outChannels,
    int baseChannels,
    List<Integer> channelMultipliers,
    int resBlocksPerLevel,
    List<Integer> attentionResolutions,
    int attentionHeads,
    int normGroups,
    float normEpsilon,
    int noiseEmbeddingDim,
    int timeEmbeddingDim,
    float dropout,
    int numClasses) {

  /**
   * {@code fmnist-small}: Fashion-MNIST, 28×28×1, widths 32/64/64 at 28/14/7, two residual blocks
   * per level, attention at 7×7 and in the middle, GroupNorm(8), 4 heads, embedding 64 → 256,
   * dropout 0.1, 10 classes (+ null label). 1,806,465 parameters.
   */
  public static final UNetConfig FMNIST_SMALL =
      new UNetConfig(28, 1, 1, 32, List.of(1, 2, 2), 2, List.of(7), 4, 8, 1e-5f, 64, 256, 0.1f, 10);

  /**
   * {@code cifar-ddpm}: the DDPM CIFAR-10 network (Ho et al. 2020, Appendix B): 32×32×3, widths
   * 128/256/256/256 at 32/16/8/4, two residual blocks per level, single-head attention at 16×16 and
   * in the middle, GroupNorm(32) with ε = 1e-6, embedding 128 → 512, dropout 0.1, unconditional.
   * 35,746,307 parameters (the paper's 35.7M).
   */
  public static final UNetConfig CIFAR_DDPM =
      new UNetConfig(
          32, 3, 3, 128, List.of(1, 2, 2, 2), 2, List.of(16), 1, 32, 1e-6f, 128, 512, 0.1f, 0);

  private static final Map<String, UNetConfig> NAMED =
      Map.of("fmnist-small", FMNIST_SMALL, "cifar-ddpm", CIFAR_DDPM);

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** Checks every value; see the parameter descriptions. */
  public UNetConfig {
    positive("imageSize", imageSize);
    positive("inChannels", inChannels);
    positive("outChannels", outChannels);
    positive("baseChannels", baseChannels);
    positive("resBlocksPerLevel", resBlocksPerLevel);
    positive("attentionHeads", attentionHeads);
    positive("normGroups", normGroups);
    positive("timeEmbeddingDim", timeEmbeddingDim);
    if (channelMultipliers == null || channelMultipliers.isEmpty()) {
      throw new IllegalArgumentException("channelMultipliers must list at least one level");
    }
    channelMultipliers = List.copyOf(channelMultipliers);
    attentionResolutions =
        attentionResolutions == null ? List.of() : List.copyOf(attentionResolutions);
    int levels = channelMultipliers.size();
    if (imageSize % (1 << (levels - 1)) != 0) {
      throw new IllegalArgumentException(
          "imageSize "
              + imageSize
              + " must be divisible by 2^(levels-1) = "
              + (1 << (levels - 1))
              + " for "
              + levels
              + " levels");
    }
    List<Integer> resolutions = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      int multiplier = channelMultipliers.get(i);
      positive("channelMultipliers[" + i + "]", multiplier);
      int channels = baseChannels * multiplier;
      if (channels % normGroups != 0 || channels % attentionHeads != 0) {
        throw new IllegalArgumentException(
            "level "
                + i
                + " has "
                + channels
                + " channels, which normGroups="
                + normGroups
                + " and attentionHeads="
                + attentionHeads
                + " must both divide");
      }
      resolutions.add(imageSize >> i);
    }
    for (int resolution : attentionResolutions) {
      if (!resolutions.contains(resolution)) {
        throw new IllegalArgumentException(
            "attention resolution " + resolution + " matches no level; levels are " + resolutions);
      }
    }
    if (!(normEpsilon > 0f) || Float.isInfinite(normEpsilon)) {
      throw new IllegalArgumentException("normEpsilon must be finite and > 0, got " + normEpsilon);
    }
    if (noiseEmbeddingDim < 4 || noiseEmbeddingDim % 2 != 0) {
      throw new IllegalArgumentException(
          "noiseEmbeddingDim must be even and >= 4, got " + noiseEmbeddingDim);
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (numClasses < 0) {
      throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  /**
   * Returns a named configuration.
   *
   * @param name one of {@link #names()}
   * @return the configuration
   * @throws IllegalArgumentException naming the known configurations if {@code name} is unknown
   */
  public static UNetConfig named(String name) {
    UNetConfig config = NAMED.get(name);
    if (config == null) {
      throw new IllegalArgumentException(
          "unknown UNet configuration '" + name + "'; known: " + names());
    }
    return config;
  }

  /** Returns the names of the named configurations, sorted. */
  public static Set<String> names() {
    return new TreeMap<>(NAMED).keySet();
  }

  /** Returns this configuration with another number of classes (0 = unconditional). */
  public UNetConfig withNumClasses(int classes) {
    return new UNetConfig(
        imageSize,
        inChannels,
        outChannels,
        baseChannels,
        channelMultipliers,
        resBlocksPerLevel,
        attentionResolutions,
        attentionHeads,
        normGroups,
        normEpsilon,
        noiseEmbeddingDim,
        timeEmbeddingDim,
        dropout,
        classes);
  }

  /** Returns the number of resolution levels. */
  public int levels() {
    return channelMultipliers.size();
  }

  /** Returns the channels of level {@code level}. */
  public int channels(int level) {
    return baseChannels * channelMultipliers.get(level);
  }

  /** Returns the resolution (side length) of level {@code level}: S / 2^level. */
  public int resolution(int level) {
    return imageSize >> level;
  }

  /** Returns whether level {@code level} has self-attention after its residual blocks. */
  public boolean hasAttention(int level) {
    return attentionResolutions.contains(resolution(level));
  }

  /** Returns whether the network takes class labels. */
  public boolean isClassConditional() {
    return numClasses > 0;
  }

  /** Returns this configuration as JSON. */
  public String toJson() {
    return GSON.toJson(this);
  }

  /**
   * Reads a configuration written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the configuration
   * @throws IllegalArgumentException if the JSON is malformed or a value is invalid
   */
  public static UNetConfig fromJson(String json) {
    try {
      UNetConfig config = GSON.fromJson(json, UNetConfig.class);
      if (config == null) {
        throw new IllegalArgumentException("UNet configuration JSON is empty");
      }
      return config;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("malformed UNet configuration JSON: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Gson wraps an exception thrown by the record's constructor: report the validation message
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw new IllegalArgumentException(
            "invalid UNet configuration JSON: " + invalid.getMessage(), invalid);
      }
      throw e;
    }
  }
}
