package dev.beamdiff.transforms.image;

import java.util.Arrays;
import java.util.Locale;

/** How an image of any shape becomes an N×N square; see {@link ImageFitter}. */
public enum Fit {
  /** Cut the largest centred square, then resize it to N×N. */
  CROP,
  /**
   * Keep the whole image and its aspect ratio: shrink it (never enlarge) so it fits in N×N, then
   * centre it on an N×N canvas of a constant fill value.
   */
  PAD,
  /** Resize to N×N directly, changing the aspect ratio. */
  SQUASH;

  /** The fit named {@code name}, ignoring case ("crop", "PAD", ...). */
  public static Fit parse(String name) {
    for (Fit f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown fit '"
            + name
            + "': expected one of "
            + Arrays.stream(values()).map(Fit::label).toList());
  }

  /** The lower-case name used on command lines and in manifests. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
