package dev.beamdiff.transforms.metrics;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Kernel Inception Distance (Bińkowski, Sutherland, Arbel &amp; Gretton, "Demystifying MMD GANs",
 * ICLR 2018, arXiv:1801.01401): the unbiased estimator of the squared maximum mean discrepancy
 * between feature sets {@code X} ({@code m} rows) and {@code Y} ({@code n} rows) under the cubic
 * polynomial kernel {@code k(x, y) = (xᵀy / d + 1)³}:
 *
 * <pre>
 *   MMD²ᵤ = 1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(n(n−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(mn) Σ_{i,j} k(xᵢ, yⱼ).
 * </pre>
 *
 * <p>As in the paper's experiments and in clean-fid, the reported KID is the mean of this estimator
 * over random subsets: each subset draws {@code s = min(m, n, maxSubsetSize)} rows without
 * replacement from each side (clean-fid: 100 subsets of at most 1,000). Unlike FID, the estimator
 * is unbiased, so KID can be compared across sample sizes; it can be slightly negative. Subsets are
 * evaluated in parallel, each from its own seeded generator, so the result depends only on the
 * seed.
 */
public final class KernelInceptionDistance {
  /** clean-fid's defaults. */
  public static final int DEFAULT_SUBSETS = 100;

  public static final int DEFAULT_MAX_SUBSET_SIZE = 1000;

  private KernelInceptionDistance() {}

  /**
   * KID as the mean over subsets, and the standard deviation of the per-subset estimates.
   *
   * @param subsetSize rows drawn from each side per subset
   */
  public record Result(double mean, double standardDeviation, int subsets, int subsetSize) {}

  /** KID over {@code subsets} random subsets of at most {@code maxSubsetSize} rows per side. */
  public static Result compute(
      FeatureBatch first, FeatureBatch second, int subsets, int maxSubsetSize, long seed) {
    requireComparable(first, second);
    if (subsets < 1) {
      throw new IllegalArgumentException("KID subsets: expected at least 1, got " + subsets);
    }
    if (maxSubsetSize < 2) {
      throw new IllegalArgumentException(
          "KID subset size: expected at least 2, got " + maxSubsetSize);
    }
    int size = Math.min(Math.min(first.rows(), second.rows()), maxSubsetSize);
    double[] estimates =
        IntStream.range(0, subsets)
            .parallel()
            .mapToDouble(
                s -> {
                  SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * s);
                  double[] x = rows(first, sampleWithoutReplacement(first.rows(), size, random));
                  double[] y = rows(second, sampleWithoutReplacement(second.rows(), size, random));
                  return unbiasedMmd2(x, size, y, size, first.dimension());
                })
            .toArray();
    double mean = 0;
    for (double e : estimates) {
      mean += e;
    }
    mean /= subsets;
    double squares = 0;
    for (double e : estimates) {
      squares += (e - mean) * (e - mean);
    }
    double std = Math.sqrt(squares / subsets);
    return new Result(mean, std, subsets, size);
  }

  /**
   * The unbiased MMD² estimate between all rows of {@code first} and all rows of {@code second}.
   */
  public static double unbiasedMmd2(FeatureBatch first, FeatureBatch second) {
    requireComparable(first, second);
    return unbiasedMmd2(
        toDouble(first.values()),
        first.rows(),
        toDouble(second.values()),
        second.rows(),
        first.dimension());
  }

  static double unbiasedMmd2(double[] x, int m, double[] y, int n, int d) {
    double withinX = offDiagonalKernelSum(x, m, d) / ((double) m * (m - 1));
    double withinY = offDiagonalKernelSum(y, n, d) / ((double) n * (n - 1));
    double[] dots = new double[m * n];
    GramKernel.accumulate(x, m, y, n, d, dots);
    double across = 0;
    for (double dot : dots) {
      across += kernel(dot, d);
    }
    return withinX + withinY - 2 * across / ((double) m * n);
  }

  /** {@code Σ_{i≠j} k(rᵢ, rⱼ)} over the {@code rows} rows of {@code r}. */
  private static double offDiagonalKernelSum(double[] r, int rows, int d) {
    double[] dots = new double[rows * rows];
    GramKernel.accumulateUpper(r, rows, d, dots);
    double sum = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = i + 1; j < rows; j++) {
        sum += kernel(dots[i * rows + j], d);
      }
    }
    return 2 * sum;
  }

  private static double kernel(double dot, int d) {
    double base = dot / d + 1;
    return base * base * base;
  }

  /** {@code count} distinct indices in {@code [0, population)}: a partial Fisher–Yates shuffle. */
  static int[] sampleWithoutReplacement(int population, int count, SplittableRandom random) {
    int[] indices = new int[population];
    for (int i = 0; i < population; i++) {
      indices[i] = i;
    }
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(population - i);
      int swap = indices[i];
      indices[i] = indices[j];
      indices[j] = swap;
    }
    int[] chosen = new int[count];
    System.arraycopy(indices, 0, chosen, 0, count);
    return chosen;
  }

  private static double[] rows(FeatureBatch batch, int[] indices) {
    int d = batch.dimension();
    float[] values = batch.values();
    double[] out = new double[indices.length * d];
    for (int r = 0; r < indices.length; r++) {
      int from = indices[r] * d;
      for (int j = 0; j < d; j++) {
        out[r * d + j] = values[from + j];
      }
    }
    return out;
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static void requireComparable(FeatureBatch first, FeatureBatch second) {
    if (first.dimension() != second.dimension()) {
      throw new IllegalArgumentException(
          "cannot compare "
              + first.dimension()
              + "-dimensional features with "
              + second.dimension()
              + "-dimensional features: both sides must use the same detector");
    }
    if (first.rows() < 2 || second.rows() < 2) {
      throw new IllegalArgumentException(
          "KID needs at least 2 feature vectors per side, got "
              + first.rows()
              + " and "
              + second.rows());
    }
  }
}
