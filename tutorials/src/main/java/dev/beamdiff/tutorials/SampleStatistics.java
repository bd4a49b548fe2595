package dev.beamdiff.tutorials;

/** Sample mean, variance and standard deviation of the chapters' measurements. */
final class SampleStatistics {
  private SampleStatistics() {}

  /** The mean {@code Σ x / n}. */
  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** The unbiased sample variance {@code Σ (x − x̄)² / (n − 1)}. */
  static double variance(double[] values) {
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return sum / (values.length - 1);
  }

  /** The sample standard deviation, √{@link #variance}. */
  static double std(double[] values) {
    return Math.sqrt(variance(values));
  }
}
