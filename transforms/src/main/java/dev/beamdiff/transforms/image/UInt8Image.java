package dev.beamdiff.transforms.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit image: {@code height × width × channels} unsigned bytes, row-major with channels last
 * (HWC), the layout of Pillow's {@code numpy.asarray(image)} for modes {@code L} (1 channel) and
 * {@code RGB} (3 channels).
 *
 * <p>The pixel array is owned by the image: constructors and accessors do not copy it, so callers
 * must not modify an array after handing it over.
 */
public record UInt8Image(int height, int width, int channels, byte[] pixels) {

  public UInt8Image {
    Objects.requireNonNull(pixels, "pixels");
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image size must be at least 1×1, got " + height + "×" + width + " (height×width)");
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
    }
    if ((long) height * width * channels != pixels.length) {
      throw new IllegalArgumentException(
          "pixels: a "
              + height
              + "×"
              + width
              + "×"
              + channels
              + " image needs "
              + (long) height * width * channels
              + " bytes, got "
              + pixels.length);
    }
  }

  /** A {@code height × width × channels} image with every sample set to {@code value}. */
  public static UInt8Image filled(int height, int width, int channels, int value) {
    if (value < 0 || value > 255) {
      throw new IllegalArgumentException("fill value must be in [0, 255], got " + value);
    }
    byte[] pixels = new byte[height * width * channels];
    Arrays.fill(pixels, (byte) value);
    return new UInt8Image(height, width, channels, pixels);
  }

  /** Number of pixels, {@code height × width}. */
  public long pixelCount() {
    return (long) height * width;
  }

  /** Sample at row {@code y}, column {@code x}, channel {@code c}, in [0, 255]. */
  public int get(int y, int x, int c) {
    return pixels[(y * width + x) * channels + c] & 0xFF;
  }

  /** Channel {@code c} as a {@code height × width} row-major byte plane (a copy). */
  public byte[] plane(int c) {
    checkChannel(c);
    byte[] plane = new byte[height * width];
    for (int i = 0, j = c; i < plane.length; i++, j += channels) {
      plane[i] = pixels[j];
    }
    return plane;
  }

  /** Channel {@code c} as float values in [0, 255], row-major (Pillow mode {@code F}). */
  public float[] floatPlane(int c) {
    checkChannel(c);
    float[] plane = new float[height * width];
    for (int i = 0, j = c; i < plane.length; i++, j += channels) {
      plane[i] = pixels[j] & 0xFF;
    }
    return plane;
  }

  /** The image made of the given {@code height × width} byte planes, one per channel. */
  public static UInt8Image fromPlanes(int height, int width, byte[]... planes) {
    int channels = planes.length;
    byte[] pixels = new byte[height * width * channels];
    for (int c = 0; c < channels; c++) {
      if (planes[c].length != height * width) {
        throw new IllegalArgumentException(
            "plane " + c + " has " + planes[c].length + " bytes, expected " + height * width);
      }
      for (int i = 0, j = c; i < planes[c].length; i++, j += channels) {
        pixels[j] = planes[c][i];
      }
    }
    return new UInt8Image(height, width, channels, pixels);
  }

  private void checkChannel(int c) {
    if (c < 0 || c >= channels) {
      throw new IndexOutOfBoundsException("channel " + c + " of a " + channels + "-channel image");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UInt8Image other
        && height == other.height
        && width == other.width
        && channels == other.channels
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(height, width, channels, Arrays.hashCode(pixels));
  }

  @Override
  public String toString() {
    return "UInt8Image[" + height + "×" + width + "×" + channels + "]";
  }
}
