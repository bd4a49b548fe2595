package dev.beamdiff.diffusion.prediction;

import java.util.List;
import java.util.Locale;

/** The prediction transforms by command-line name. */
public final class PredictionTransforms {
  private static final List<String> NAMES = List.of("eps", "x0", "v", "edm");

  private PredictionTransforms() {}

  /**
   * Every accepted name (diffusers' {@code epsilon}, {@code sample} and {@code v_prediction} too).
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The transform called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static PredictionTransform byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "eps", "epsilon" -> new EpsilonPrediction();
      case "x0", "sample" -> new DataPrediction();
      case "v", "v_prediction", "v-prediction" -> new VelocityPrediction();
      case "edm", "karras" -> new EdmPreconditioning();
      default ->
          throw new IllegalArgumentException(
              "prediction: unknown name '"
                  + name
                  + "'; expected one of "
                  + String.join(", ", NAMES));
    };
  }
}
