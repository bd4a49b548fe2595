package dev.beamdiff.transforms.metrics.image;

import java.util.Objects;

/**
 * An 8-bit image ready for a feature detector: {@code height × width × channels} unsigned bytes,
 * row-major, channels last (1 = gray, 3 = RGB), and where it came from.
 *
 * @param source the input it was decoded from (file path, or Avro record id), for error reports
 */
public record DecodedImage(String source, int height, int width, int channels, byte[] pixels) {

  public DecodedImage {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pixels, "pixels");
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          source + ": expected 1 (gray) or 3 (RGB) channels, got " + channels);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          source + ": expected a positive size, got " + height + "×" + width);
    }
    if ((long) height * width * channels != pixels.length) {
      throw new IllegalArgumentException(
          source
              + ": expected "
              + height
              + "×"
              + width
              + "×"
              + channels
              + " = "
              + (long) height * width * channels
              + " bytes, got "
              + pixels.length);
    }
  }

  /** Unsigned value of channel {@code c} at ({@code y}, {@code x}). */
  public int get(int y, int x, int c) {
    return pixels[(y * width + x) * channels + c] & 0xFF;
  }
}
