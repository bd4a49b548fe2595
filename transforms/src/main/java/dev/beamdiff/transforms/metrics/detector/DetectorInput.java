package dev.beamdiff.transforms.metrics.detector;

import java.io.Serializable;

/** The image shape a detector takes: channels, height and width, values in [0, 255]. */
public record DetectorInput(int channels, int height, int width) implements Serializable {
  public DetectorInput {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "detector input: expected positive channels, height and width, got "
              + channels
              + "×"
              + height
              + "×"
              + width);
    }
  }

  /** Floats per image. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return channels + "×" + height + "×" + width;
  }
}
