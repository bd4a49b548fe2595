package dev.beamdiff.pipelines.generate;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What the generation pipeline writes: PNG files, Avro {@code ImageRecord}s, or both. */
enum ImageFormat {
  PNG,
  AVRO;

  /** {@code "png"}, {@code "avro"} or {@code "png,avro"} (any order and case). */
  static Set<ImageFormat> parse(String formats) {
    Set<ImageFormat> parsed = EnumSet.noneOf(ImageFormat.class);
    for (String token : (formats == null ? "" : formats).split(",")) {
      String name = token.trim().toUpperCase(Locale.ROOT);
      if (name.equals("PNG") || name.equals("AVRO")) {
        parsed.add(valueOf(name));
      } else {
        throw new IllegalArgumentException(
            "--format: '" + formats + "' is not one of png, avro, png,avro");
      }
    }
    return parsed;
  }
}
