package dev.beamdiff.transforms.metrics;

import java.util.Arrays;

/**
 * Running first and second moments of feature vectors in float64: the count {@code n}, the mean
 * {@code μ} and the scatter matrix {@code M2 = Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ}, from which the sample
 * covariance is {@code Σ = M2 / (n − 1)} (as {@code numpy.cov(rowvar=False)}).
 *
 * <p>Two sets of moments {@code (nA, μA, M2A)} and {@code (nB, μB, M2B)} combine by the pairwise
 * update of Chan, Golub &amp; LeVeque ("Algorithms for computing the sample variance: analysis and
 * recommendations", The American Statistician 37(3), 1983), in its covariance form (Schubert &amp;
 * Gertz, "Numerically stable parallel computation of (co-)variance", SSDBM 2018):
 *
 * <pre>
 *   n  = nA + nB,   δ = μB − μA,
 *   μ  = μA + δ · nB / n,
 *   M2 = M2A + M2B + δ δᵀ · nA nB / n.
 * </pre>
 *
 * A batch of rows is added the same way: its own mean and scatter matrix (a product of the centred
 * batch with itself, {@link GramKernel}) are merged in with the formula above. Merging is exact in
 * real arithmetic, so the result does not depend on how the data were split or in which order the
 * parts were merged; in float64 the differences stay at rounding level (about 1e-15 relative).
 *
 * <p>Only the upper triangle ({@code j >= i}) of {@code M2} is maintained; {@link #statistics()}
 * mirrors it. Empty moments may leave the dimension open ({@code 0}); it is then fixed by the first
 * batch or merge. Instances are mutable accumulators and not thread-safe.
 */
public final class FeatureMoments implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private int dimension;
  private long count;
  private double[] mean;
  private double[] scatter;

  /** Empty moments whose dimension the first batch or merge sets. */
  public FeatureMoments() {
    this(0, 0, new double[0], new double[0]);
  }

  /** Empty moments of {@code dimension}-dimensional features. */
  public FeatureMoments(int dimension) {
    this(positive(dimension), 0, new double[dimension], new double[dimension * dimension]);
  }

  private static int positive(int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("feature dimension must be positive, got " + dimension);
    }
    return dimension;
  }

  FeatureMoments(int dimension, long count, double[] mean, double[] scatter) {
    if (dimension < 0 || (dimension == 0 && count != 0)) {
      throw new IllegalArgumentException(
          "feature moments: dimension " + dimension + " with count " + count);
    }
    this.dimension = dimension;
    this.count = count;
    this.mean = mean;
    this.scatter = scatter;
  }

  /** Feature dimension, or 0 while empty and not yet fixed. */
  public int dimension() {
    return dimension;
  }

  /** Number of feature vectors added. */
  public long count() {
    return count;
  }

  /** The running mean; not a copy. */
  double[] mean() {
    return mean;
  }

  /** The scatter matrix, row-major, only its upper triangle is meaningful; not a copy. */
  double[] scatterUpper() {
    return scatter;
  }

  /** Adds every row of {@code batch}. */
  public FeatureMoments add(FeatureBatch batch) {
    requireDimension(batch.dimension(), "feature batch");
    int rows = batch.rows();
    if (rows == 0) {
      return this;
    }
    float[] values = batch.values();
    double[] batchMean = new double[dimension];
    for (int r = 0; r < rows; r++) {
      int offset = r * dimension;
      for (int j = 0; j < dimension; j++) {
        batchMean[j] += values[offset + j];
      }
    }
    for (int j = 0; j < dimension; j++) {
      batchMean[j] /= rows;
    }
    // Centred batch, transposed: row j holds feature j of every batch row, so that the scatter
    // matrix Σ_r c_r c_rᵀ is the Gram matrix of these rows.
    double[] centred = new double[dimension * rows];
    for (int r = 0; r < rows; r++) {
      int offset = r * dimension;
      for (int j = 0; j < dimension; j++) {
        centred[j * rows + r] = values[offset + j] - batchMean[j];
      }
    }
    double[] batchScatter = count == 0 ? scatter : new double[dimension * dimension];
    GramKernel.accumulateUpper(centred, dimension, rows, batchScatter);
    if (count == 0) {
      count = rows;
      System.arraycopy(batchMean, 0, mean, 0, dimension);
      return this;
    }
    combine(rows, batchMean, batchScatter);
    return this;
  }

  /** Merges {@code other} into these moments (Chan et al.'s pairwise update). */
  public FeatureMoments merge(FeatureMoments other) {
    if (other.count == 0) {
      return this;
    }
    requireDimension(other.dimension, "moments to merge");
    if (count == 0) {
      count = other.count;
      System.arraycopy(other.mean, 0, mean, 0, dimension);
      System.arraycopy(other.scatter, 0, scatter, 0, scatter.length);
      return this;
    }
    combine(other.count, other.mean, other.scatter);
    return this;
  }

  private void combine(long countB, double[] meanB, double[] scatterB) {
    long total = count + countB;
    double[] delta = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      delta[j] = meanB[j] - mean[j];
    }
    double weight = (double) count * countB / total;
    double shift = (double) countB / total;
    for (int i = 0; i < dimension; i++) {
      double di = delta[i] * weight;
      int row = i * dimension;
      for (int j = i; j < dimension; j++) {
        scatter[row + j] += scatterB[row + j] + di * delta[j];
      }
      mean[i] += delta[i] * shift;
    }
    count = total;
  }

  /** The mean and the sample covariance {@code M2 / (n − 1)}; needs at least two vectors. */
  public FeatureStatistics statistics() {
    if (count < 2) {
      throw new IllegalStateException(
          "feature statistics need at least 2 feature vectors to estimate a covariance, got "
              + count);
    }
    double[] covariance = new double[dimension * dimension];
    double scale = 1.0 / (count - 1);
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        covariance[i * dimension + j] = scatter[i * dimension + j] * scale;
      }
    }
    ArrayCoding.mirrorUpper(covariance, dimension);
    return new FeatureStatistics(count, mean.clone(), covariance);
  }

  private void requireDimension(int actual, String what) {
    if (dimension == 0) {
      dimension = actual;
      mean = new double[actual];
      scatter = new double[actual * actual];
      return;
    }
    if (actual != dimension) {
      throw new IllegalArgumentException(
          what + " has " + actual + "-dimensional features, expected " + dimension);
    }
  }

  /** Equal count, mean and upper triangle of the scatter matrix, compared exactly. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FeatureMoments other)
        || other.dimension != dimension
        || other.count != count
        || !Arrays.equals(mean, other.mean)) {
      return false;
    }
    for (int i = 0; i < dimension; i++) {
      int row = i * dimension;
      if (!Arrays.equals(
          scatter, row + i, row + dimension, other.scatter, row + i, row + dimension)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimension + Long.hashCode(count)) + Arrays.hashCode(mean);
  }

  @Override
  public String toString() {
    return "FeatureMoments[n=" + count + ", dimension=" + dimension + "]";
  }
}
