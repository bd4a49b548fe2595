package dev.beamdiff.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Tiles a batch of images into one picture: {@code columns} per row, {@code padding} pixels of
 * background between tiles, each pixel enlarged {@code scale}× (nearest neighbour) so 28×28 samples
 * stay legible.
 *
 * <p>Input is channels-first float data, {@code [n, c, h, w]} with c = 1 (gray) or 3 (RGB), in the
 * model's range [−1, 1]; values are mapped to bytes by round((x + 1)·127.5) after clipping.
 */
public final class ImageGrid {
  private static final int BACKGROUND = 0xFFFFFF;

  private final int columns;
  private final int padding;
  private final int scale;

  public ImageGrid(int columns, int padding, int scale) {
    if (columns < 1 || padding < 0 || scale < 1) {
      throw new IllegalArgumentException(
          "grid needs columns >= 1, padding >= 0, scale >= 1; got "
              + columns
              + ", "
              + padding
              + ", "
              + scale);
    }
    this.columns = columns;
    this.padding = padding;
    this.scale = scale;
  }

  /** A grid about as wide as tall for {@code n} images, scaled for readability. */
  public static ImageGrid square(int n, int imageSize) {
    int columns = (int) Math.ceil(Math.sqrt(n));
    return new ImageGrid(columns, 2, imageSize < 64 ? 2 : 1);
  }

  /** Renders images given as {@code [n, c, h, w]} floats in [−1, 1]. */
  public BufferedImage render(float[] images, int n, int channels, int height, int width) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if ((long) n * channels * height * width != images.length) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + "×"
              + channels
              + "×"
              + height
              + "×"
              + width
              + " values, got "
              + images.length);
    }
    int rows = Math.max(1, (n + columns - 1) / columns);
    int cols = Math.min(columns, Math.max(n, 1));
    int tileW = width * scale;
    int tileH = height * scale;
    BufferedImage out =
        new BufferedImage(
            padding + cols * (tileW + padding),
            padding + rows * (tileH + padding),
            BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        out.setRGB(x, y, BACKGROUND);
      }
    }
    int plane = height * width;
    for (int i = 0; i < n; i++) {
      int x0 = padding + (i % columns) * (tileW + padding);
      int y0 = padding + (i / columns) * (tileH + padding);
      int base = i * channels * plane;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int p = base + y * width + x;
          int r = toByte(images[p]);
          int g = channels == 3 ? toByte(images[p + plane]) : r;
          int b = channels == 3 ? toByte(images[p + 2 * plane]) : r;
          int rgb = (r << 16) | (g << 8) | b;
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
            }
          }
        }
      }
    }
    return out;
  }

  /** Renders and writes a PNG to {@code file}, creating parent folders. */
  public Path write(Path file, float[] images, int n, int channels, int height, int width) {
    BufferedImage image = render(images, n, channels, height, width);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        ImageIO.write(image, "png", out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image grid " + file, e);
    }
    return file;
  }

  /**
   * Maps a model value in [−1, 1] to a byte in [0, 255]: clip, then round((v + 1)·127.5), the
   * inverse of the datasets' byte/127.5 − 1.
   */
  public static int toByte(float v) {
    float clipped = Math.max(-1f, Math.min(1f, v));
    return Math.round((clipped + 1f) * 127.5f);
  }
}
