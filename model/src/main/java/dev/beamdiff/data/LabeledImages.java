package dev.beamdiff.data;

import java.util.List;
import java.util.Objects;

/**
 * A split of an image classification dataset held in memory: {@code count} images of {@code height
 * × width × channels} unsigned bytes (row-major, channels last) and one label per image.
 */
public record LabeledImages(
    int count,
    int height,
    int width,
    int channels,
    byte[] pixels,
    int[] labels,
    List<String> classNames) {

  public LabeledImages {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    classNames = List.copyOf(classNames);
    if ((long) count * height * width * channels != pixels.length) {
      throw new IllegalArgumentException(
          "pixels: expected "
              + count
              + "×"
              + height
              + "×"
              + width
              + "×"
              + channels
              + " bytes, got "
              + pixels.length);
    }
    if (labels.length != count) {
      throw new IllegalArgumentException(
          "labels: expected " + count + " labels, got " + labels.length);
    }
    int classes = classNames.size();
    for (int i = 0; i < count; i++) {
      if (labels[i] < -1 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "labels["
                + i
                + "] = "
                + labels[i]
                + ": expected -1 (no label) or a class index in [0, "
                + classes
                + ")");
      }
    }
  }

  /** Bytes per image. */
  public int imageSize() {
    return height * width * channels;
  }

  /** Number of images per class index, over {@link #classNames()}; unlabeled images not counted. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) {
      if (label >= 0) {
        counts[label]++;
      }
    }
    return counts;
  }
}
