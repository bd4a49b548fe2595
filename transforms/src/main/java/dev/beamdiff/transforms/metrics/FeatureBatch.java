package dev.beamdiff.transforms.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of feature vectors as the detector returns them: {@code rows × dimension} float32 values,
 * row-major. The unit the statistics and the KID sample are accumulated from.
 */
public final class FeatureBatch implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int dimension;
  private final float[] values;

  /**
   * @param values {@code rows × dimension} values, row-major; kept, not copied
   */
  public FeatureBatch(int rows, int dimension, float[] values) {
    Objects.requireNonNull(values, "values");
    if (rows < 0 || dimension <= 0) {
      throw new IllegalArgumentException(
          "feature batch: expected rows >= 0 and dimension > 0, got rows="
              + rows
              + ", dimension="
              + dimension);
    }
    if ((long) rows * dimension != values.length) {
      throw new IllegalArgumentException(
          "feature batch: expected " + rows + "×" + dimension + " values, got " + values.length);
    }
    this.rows = rows;
    this.dimension = dimension;
    this.values = values;
  }

  /** A batch holding the given vectors, which must all have the same length. */
  public static FeatureBatch of(float[]... vectors) {
    if (vectors.length == 0) {
      throw new IllegalArgumentException("feature batch: expected at least one vector");
    }
    int dimension = vectors[0].length;
    float[] values = new float[vectors.length * dimension];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dimension) {
        throw new IllegalArgumentException(
            "feature batch: vector "
                + i
                + " has "
                + vectors[i].length
                + " values, expected "
                + dimension);
      }
      System.arraycopy(vectors[i], 0, values, i * dimension, dimension);
    }
    return new FeatureBatch(vectors.length, dimension, values);
  }

  public int rows() {
    return rows;
  }

  public int dimension() {
    return dimension;
  }

  /** The row-major values; not a copy, do not modify. */
  public float[] values() {
    return values;
  }

  /** Feature {@code column} of row {@code row}. */
  public float get(int row, int column) {
    return values[row * dimension + column];
  }

  /** A copy of row {@code row}. */
  public float[] row(int row) {
    return Arrays.copyOfRange(values, row * dimension, (row + 1) * dimension);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureBatch other
        && rows == other.rows
        && dimension == other.dimension
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + dimension) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FeatureBatch[" + rows + "×" + dimension + "]";
  }
}
