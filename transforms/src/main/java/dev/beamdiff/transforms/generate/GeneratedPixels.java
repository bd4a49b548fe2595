package dev.beamdiff.transforms.generate;

import dev.beamdiff.transforms.image.UInt8Image;
import dev.beamdiff.viz.ImageGrid;

/**
 * Model output to 8-bit pixels: image {@code i} of a batch {@code [B, C, S, S]} in [−1, 1] becomes
 * an HWC byte image with {@code round((clip(x, −1, 1) + 1) · 127.5)}, the mapping of the sample
 * grids ({@code dev.beamdiff.viz.ImageGrid}), the inverse of the training data's x = byte / 127.5 −
 * 1.
 */
public final class GeneratedPixels {
  private GeneratedPixels() {}

  /** Image {@code i} of {@code batch} (C channels of S×S, channel-major) as bytes. */
  public static UInt8Image image(float[] batch, int i, int channels, int size) {
    int plane = size * size;
    int offset = i * channels * plane;
    if (i < 0 || offset + channels * plane > batch.length) {
      throw new IllegalArgumentException(
          "image " + i + " of " + channels + "×" + size + "×" + size + " is outside the batch");
    }
    byte[] pixels = new byte[channels * plane];
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < plane; p++) {
        float v = batch[offset + c * plane + p];
        if (Float.isNaN(v)) {
          throw new IllegalArgumentException(
              "image " + i + " of the batch has NaN values; the model's weights are broken");
        }
        pixels[p * channels + c] = (byte) ImageGrid.toByte(v);
      }
    }
    return new UInt8Image(size, size, channels, pixels);
  }
}
