package dev.beamdiff.data;

import java.util.List;

/**
 * Training images with optional class labels, by index. Images come out channels-first as floats in
 * the model's range [−1, 1] (x = byte / 127.5 − 1).
 */
public interface DiffusionDataset {
  int size();

  int channels();

  int height();

  int width();

  /** Class names; empty for an unlabeled dataset. */
  List<String> classNames();

  /**
   * Writes image {@code index} as {@code [c, h, w]} floats into {@code dst} starting at {@code
   * offset} and returns its label (−1 if unlabeled).
   */
  int read(int index, float[] dst, int offset);

  /** Values per image: c·h·w. */
  default int imageSize() {
    return channels() * height() * width();
  }

  default int numClasses() {
    return classNames().size();
  }
}
