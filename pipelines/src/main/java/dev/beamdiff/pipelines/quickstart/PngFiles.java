package dev.beamdiff.pipelines.quickstart;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Images as PNG files, one per image, named as the batch-generation pipeline names them. Bytes map
 * to the model range as the datasets do, v = x/127.5 − 1, and back by rounding.
 */
final class PngFiles {
  private PngFiles() {}

  /** {@code img-NNNNNN.png}, the batch-generation pipeline's naming. */
  static String name(long index) {
    return String.format("img-%06d.png", index);
  }

  /**
   * Writes image {@code index} of {@code images} ({@code [n, C, S, S]} floats in [−1, 1]) as an
   * 8-bit PNG, x = round((clip(v, −1, 1) + 1)·127.5).
   *
   * @throws IllegalArgumentException if the image has a NaN value
   */
  static void write(Path file, float[] images, int index, int channels, int size) {
    int plane = size * size;
    byte[] bytes = new byte[plane * channels];
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < plane; p++) {
        float v = images[(index * channels + c) * plane + p];
        if (Float.isNaN(v)) {
          throw new IllegalArgumentException(file + ": the generated image has NaN values");
        }
        bytes[p * channels + c] = (byte) Math.round((Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f);
      }
    }
    write(file, bytes, size, size, channels);
  }

  /** Writes HWC bytes as an 8-bit gray (1 channel) or RGB (3 channels) PNG. */
  static void write(Path file, byte[] hwc, int height, int width, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(file + ": expected 1 or 3 channels, got " + channels);
    }
    BufferedImage image =
        new BufferedImage(
            width,
            height,
            channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = image.getRaster();
    int[] pixel = new int[channels];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          pixel[c] = hwc[(y * width + x) * channels + c] & 0xFF;
        }
        raster.setPixel(x, y, pixel);
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer for " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a PNG (written by {@link #write} or the generate pipeline) into {@code dst} at {@code
   * offset} as {@code [C, S, S]} floats in [−1, 1].
   *
   * @throws IllegalArgumentException if the file is not an S×S image of C channels
   */
  static void read(Path file, int channels, int size, float[] dst, int offset) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (image == null
        || image.getWidth() != size
        || image.getHeight() != size
        || image.getRaster().getNumBands() != channels) {
      throw new IllegalArgumentException(
          file + ": expected a " + size + "×" + size + " PNG with " + channels + " channel(s)");
    }
    Raster raster = image.getRaster();
    int plane = size * size;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          dst[offset + c * plane + y * size + x] = raster.getSample(x, y, c) / 127.5f - 1f;
        }
      }
    }
  }
}
