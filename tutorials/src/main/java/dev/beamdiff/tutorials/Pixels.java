package dev.beamdiff.tutorials;

/** Statistics of image batches held as float arrays (values in [−1, 1]). */
final class Pixels {
  private Pixels() {}

  /** Root-mean-square difference {@code √(mean (a − b)²)}. */
  static double rms(float[] a, float[] b) {
    requireSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum / a.length);
  }

  /** Largest absolute difference. */
  static double maxAbs(float[] a, float[] b) {
    requireSameLength(a, b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** Sample standard deviation of all values. */
  static double std(float[] values) {
    double[] widened = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      widened[i] = values[i];
    }
    return SampleStatistics.std(widened);
  }

  /** Fraction of values near black or white ({@code |x| > 0.9}). */
  static double saturated(float[] values) {
    int count = 0;
    for (float v : values) {
      if (Math.abs(v) > 0.9f) {
        count++;
      }
    }
    return (double) count / values.length;
  }

  private static void requireSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "expected batches of equal size, got " + a.length + " and " + b.length + " values");
    }
  }
}
