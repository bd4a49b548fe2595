package dev.beamdiff.diffusion.loss;

import java.util.List;
import java.util.Locale;

/** The loss weightings by command-line name. */
public final class LossWeightings {
  private static final List<String> NAMES = List.of("uniform", "snr", "min-snr", "edm");

  private LossWeightings() {}

  /** Every accepted name; {@code min-snr-<γ>} (e.g. {@code min-snr-5}) sets γ. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The weighting called {@code name}: {@code uniform}, {@code snr}, {@code min-snr} (γ = 5) or
   * {@code min-snr-<γ>}, {@code edm} (σ_data = 0.5).
   *
   * @throws IllegalArgumentException for an unknown name or a bad γ
   */
  public static LossWeighting byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (key.startsWith("min-snr-")) {
      String gamma = key.substring("min-snr-".length());
      try {
        return new MinSnrWeighting(Double.parseDouble(gamma));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "weighting: '" + name + "' has no number after min-snr- (expected e.g. min-snr-5)", e);
      }
    }
    return switch (key) {
      case "uniform" -> new UniformWeighting();
      case "snr" -> new SnrWeighting();
      case "min-snr" -> new MinSnrWeighting();
      case "edm" -> new EdmWeighting(EdmWeighting.DEFAULT_SIGMA_DATA);
      default ->
          throw new IllegalArgumentException(
              "weighting: unknown name '"
                  + name
                  + "'; expected one of "
                  + String.join(", ", NAMES)
                  + " or min-snr-<γ>");
    };
  }
}
