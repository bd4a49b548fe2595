package dev.beamdiff.transforms.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * Image resizing that reproduces Pillow's {@code Image.resize} (the "clean" resize of clean-fid:
 * Parmar, Zhang &amp; Zhu 2022, "On Aliased Resizing and Surprising Subtleties in GAN Evaluation",
 * CVPR, Sec. 3).
 *
 * <p>Resizing is separable: each output sample is a normalised weighted sum of input samples along
 * one axis, first horizontally into an intermediate image, then vertically (Pillow swaps the order
 * for strips taller than 100× their width that shrink vertically). The weights are in {@link
 * ResampleCoefficients}: the filter kernel {@code K} is evaluated at pixel centres and widened by
 * the scale factor when shrinking, which is what makes the resize antialiased.
 *
 * <ul>
 *   <li>{@link Filter#BILINEAR}: the triangle {@code K(t) = max(0, 1 − |t|)}, support 1.
 *   <li>{@link Filter#BICUBIC}: Keys' cubic convolution kernel with {@code a = −0.5} (Keys 1981,
 *       "Cubic convolution interpolation for digital image processing", IEEE Trans. ASSP 29(6), eq.
 *       15): {@code K(t) = (a+2)|t|³ − (a+3)|t|² + 1} for {@code |t| < 1}, {@code a|t|³ − 5a|t|² +
 *       8a|t| − 4a} for {@code 1 ≤ |t| < 2}, else 0; support 2.
 * </ul>
 *
 * <p>Two sample types, as in Pillow:
 *
 * <ul>
 *   <li>float planes (mode {@code F}): sums in double, every pass stored as float32, no clipping;
 *       results are bit-identical to Pillow's.
 *   <li>8-bit images (modes {@code L} and {@code RGB}): weights in 22-bit fixed point, sums rounded
 *       half up and clipped to [0, 255] after each pass; results are bit-identical to Pillow's.
 * </ul>
 */
public final class PillowResampler {

  /** A resampling filter and its kernel, as in Pillow's {@code Image.Resampling}. */
  public enum Filter {
    BILINEAR(1.0) {
      @Override
      double kernel(double t) {
        double x = Math.abs(t);
        return x < 1.0 ? 1.0 - x : 0.0;
      }
    },
    BICUBIC(2.0) {
      @Override
      double kernel(double t) {
        double a = -0.5;
        double x = Math.abs(t);
        if (x < 1.0) {
          return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
      }
    };

    private final double support;

    Filter(double support) {
      this.support = support;
    }

    /** Half-width of the kernel at scale 1, in pixels. */
    public double support() {
      return support;
    }

    /** The kernel's value at offset {@code t} (in pixels at scale 1). */
    abstract double kernel(double t);

    /** The filter named {@code name}, ignoring case ("bicubic", "BILINEAR", ...). */
    public static Filter parse(String name) {
      for (Filter f : values()) {
        if (f.name().equalsIgnoreCase(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown resampling filter '"
              + name
              + "': expected one of "
              + Arrays.stream(values()).map(Filter::label).toList());
    }

    /** The lower-case name used on command lines and in manifests. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private PillowResampler() {}

  /**
   * Resizes one float32 channel plane (row-major, height×width) like Pillow's Image.resize in mode
   * 'F'.
   */
  public static float[] resize(
      float[] plane, int width, int height, int outWidth, int outHeight, Filter filter) {
    checkSizes(plane.length, width, height, 1, outWidth, outHeight);
    if (verticalFirst(width, height, outHeight)) {
      float[] strip = resample(plane, width, height, width, outHeight, filter);
      return resample(strip, width, outHeight, outWidth, outHeight, filter);
    }
    return resample(plane, width, height, outWidth, outHeight, filter);
  }

  /** The horizontal pass (on the rows the vertical pass reads, as Pillow does), then vertical. */
  private static float[] resample(
      float[] plane, int width, int height, int outWidth, int outHeight, Filter filter) {
    boolean horizontal = outWidth != width;
    boolean vertical = outHeight != height;
    if (!horizontal && !vertical) {
      return plane.clone();
    }
    ResampleCoefficients ky = ResampleCoefficients.compute(height, outHeight, filter);
    float[] current = plane;
    int rowOffset = 0;
    int rows = height;
    if (horizontal) {
      rowOffset = vertical ? ky.firstUsed() : 0;
      rows = vertical ? ky.endUsed() - rowOffset : height;
      ResampleCoefficients kx = ResampleCoefficients.compute(width, outWidth, filter);
      current = horizontalF(plane, width, rowOffset, rows, outWidth, kx);
    }
    return vertical ? verticalF(current, outWidth, rowOffset, outHeight, ky) : current;
  }

  /**
   * Resizes an 8-bit image with interleaved channels (row-major HWC) like Pillow's Image.resize in
   * mode 'L' (1 channel) or 'RGB' (3 channels): fixed-point weights, rounding and clipping after
   * each pass.
   */
  public static byte[] resize(
      byte[] pixels,
      int width,
      int height,
      int channels,
      int outWidth,
      int outHeight,
      Filter filter) {
    checkSizes(pixels.length, width, height, channels, outWidth, outHeight);
    if (verticalFirst(width, height, outHeight)) {
      byte[] strip = resample(pixels, width, height, channels, width, outHeight, filter);
      return resample(strip, width, outHeight, channels, outWidth, outHeight, filter);
    }
    return resample(pixels, width, height, channels, outWidth, outHeight, filter);
  }

  private static byte[] resample(
      byte[] pixels,
      int width,
      int height,
      int channels,
      int outWidth,
      int outHeight,
      Filter filter) {
    boolean horizontal = outWidth != width;
    boolean vertical = outHeight != height;
    if (!horizontal && !vertical) {
      return pixels.clone();
    }
    ResampleCoefficients ky = ResampleCoefficients.compute(height, outHeight, filter);
    byte[] current = pixels;
    int rowOffset = 0;
    int rows = height;
    if (horizontal) {
      rowOffset = vertical ? ky.firstUsed() : 0;
      rows = vertical ? ky.endUsed() - rowOffset : height;
      ResampleCoefficients kx = ResampleCoefficients.compute(width, outWidth, filter);
      current = horizontal8(pixels, width, channels, rowOffset, rows, outWidth, kx);
    }
    return vertical ? vertical8(current, outWidth, channels, rowOffset, outHeight, ky) : current;
  }

  /** Resizes {@code image} to {@code outWidth × outHeight} like Pillow's 8-bit Image.resize. */
  public static UInt8Image resize(UInt8Image image, int outWidth, int outHeight, Filter filter) {
    byte[] out =
        resize(
            image.pixels(),
            image.width(),
            image.height(),
            image.channels(),
            outWidth,
            outHeight,
            filter);
    return new UInt8Image(outHeight, outWidth, image.channels(), out);
  }

  /** Pillow's special case in {@code Image.resize}: very tall strips shrink vertically first. */
  private static boolean verticalFirst(int width, int height, int outHeight) {
    return height > (long) width * 100 && outHeight < height;
  }

  private static float[] horizontalF(
      float[] in, int width, int rowOffset, int rows, int outWidth, ResampleCoefficients k) {
    float[] out = new float[rows * outWidth];
    double[] w = k.weights();
    for (int y = 0; y < rows; y++) {
      int row = (y + rowOffset) * width;
      for (int j = 0; j < outWidth; j++) {
        int src = row + k.first()[j];
        int off = j * k.taps();
        int n = k.count()[j];
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          sum += in[src + i] * w[off + i];
        }
        out[y * outWidth + j] = (float) sum;
      }
    }
    return out;
  }

  private static float[] verticalF(
      float[] in, int width, int rowOffset, int outHeight, ResampleCoefficients k) {
    float[] out = new float[outHeight * width];
    double[] w = k.weights();
    for (int j = 0; j < outHeight; j++) {
      int first = k.first()[j] - rowOffset;
      int off = j * k.taps();
      int n = k.count()[j];
      for (int x = 0; x < width; x++) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          sum += in[(first + i) * width + x] * w[off + i];
        }
        out[j * width + x] = (float) sum;
      }
    }
    return out;
  }

  private static byte[] horizontal8(
      byte[] in,
      int width,
      int channels,
      int rowOffset,
      int rows,
      int outWidth,
      ResampleCoefficients k) {
    byte[] out = new byte[rows * outWidth * channels];
    int[] w = k.fixedPoint();
    for (int y = 0; y < rows; y++) {
      int row = (y + rowOffset) * width;
      for (int j = 0; j < outWidth; j++) {
        int first = row + k.first()[j];
        int off = j * k.taps();
        int n = k.count()[j];
        for (int c = 0; c < channels; c++) {
          int sum = 1 << (ResampleCoefficients.PRECISION_BITS - 1);
          for (int i = 0; i < n; i++) {
            sum += (in[(first + i) * channels + c] & 0xFF) * w[off + i];
          }
          out[(y * outWidth + j) * channels + c] = clip8(sum);
        }
      }
    }
    return out;
  }

  private static byte[] vertical8(
      byte[] in, int width, int channels, int rowOffset, int outHeight, ResampleCoefficients k) {
    int stride = width * channels;
    byte[] out = new byte[outHeight * stride];
    int[] w = k.fixedPoint();
    for (int j = 0; j < outHeight; j++) {
      int first = k.first()[j] - rowOffset;
      int off = j * k.taps();
      int n = k.count()[j];
      for (int s = 0; s < stride; s++) {
        int sum = 1 << (ResampleCoefficients.PRECISION_BITS - 1);
        for (int i = 0; i < n; i++) {
          sum += (in[(first + i) * stride + s] & 0xFF) * w[off + i];
        }
        out[j * stride + s] = clip8(sum);
      }
    }
    return out;
  }

  /** Drops the fixed-point fraction (the sum already holds +0.5) and clips to [0, 255]. */
  private static byte clip8(int sum) {
    int v = sum >> ResampleCoefficients.PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  private static void checkSizes(
      int length, int width, int height, int channels, int outWidth, int outHeight) {
    if (width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException(
          "resize from "
              + width
              + "×"
              + height
              + " to "
              + outWidth
              + "×"
              + outHeight
              + " (width×height): every size must be at least 1");
    }
    if ((long) width * height * channels != length) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "×"
              + height
              + "×"
              + channels
              + " image (width×height×channels) needs "
              + (long) width * height * channels
              + " samples, got "
              + length);
    }
  }
}
