package dev.beamdiff.transforms.metrics;

import java.util.Objects;

/**
 * The Gaussian summary of a feature set that FID compares: the number of vectors {@code n}, their
 * mean {@code μ} and their sample covariance {@code Σ} (normalised by {@code n − 1}), all float64.
 * Immutable; the accessors return copies.
 */
public final class FeatureStatistics implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** {@link #count()} of statistics loaded from a file that does not record it. */
  public static final long UNKNOWN_COUNT = -1;

  private final long count;
  private final double[] mean;
  private final double[] covariance;

  /**
   * @param count number of feature vectors, or {@link #UNKNOWN_COUNT}
   * @param mean the mean vector (kept, not copied)
   * @param covariance the symmetric covariance, row-major {@code d × d} (kept, not copied)
   */
  public FeatureStatistics(long count, double[] mean, double[] covariance) {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(covariance, "covariance");
    if (mean.length == 0) {
      throw new IllegalArgumentException("feature statistics: the mean vector is empty");
    }
    if ((long) mean.length * mean.length != covariance.length) {
      throw new IllegalArgumentException(
          "feature statistics: a "
              + mean.length
              + "-dimensional mean needs a "
              + mean.length
              + "×"
              + mean.length
              + " covariance ("
              + (long) mean.length * mean.length
              + " values), got "
              + covariance.length
              + " values");
    }
    if (count < 2 && count != UNKNOWN_COUNT) {
      throw new IllegalArgumentException(
          "feature statistics: count must be at least 2 (or unknown), got " + count);
    }
    this.count = count;
    this.mean = mean;
    this.covariance = covariance;
  }

  /** Number of feature vectors summarised, or {@link #UNKNOWN_COUNT}. */
  public long count() {
    return count;
  }

  public int dimension() {
    return mean.length;
  }

  public double[] mean() {
    return mean.clone();
  }

  /** Row-major {@code d × d} covariance. */
  public double[] covariance() {
    return covariance.clone();
  }

  /** Covariance entry {@code (i, j)}. */
  public double covariance(int i, int j) {
    return covariance[i * mean.length + j];
  }

  double[] meanView() {
    return mean;
  }

  double[] covarianceView() {
    return covariance;
  }

  /**
   * The largest relative difference between these statistics and {@code other}: {@code max|a − b| /
   * max|b|} taken separately over the means and the covariances.
   */
  public double relativeDifference(FeatureStatistics other) {
    if (other.dimension() != dimension()) {
      throw new IllegalArgumentException(
          "cannot compare "
              + dimension()
              + "- and "
              + other.dimension()
              + "-dimensional statistics");
    }
    return Math.max(
        relativeDifference(mean, other.mean), relativeDifference(covariance, other.covariance));
  }

  private static double relativeDifference(double[] a, double[] b) {
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(b[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    return scale == 0 ? diff : diff / scale;
  }

  @Override
  public String toString() {
    return "FeatureStatistics[n=" + count + ", dimension=" + dimension() + "]";
  }
}
