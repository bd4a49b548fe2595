package dev.beamdiff.transforms.metrics;

import java.util.Arrays;

/**
 * A uniform random sample of at most {@code capacity} feature vectors, kept for KID, which needs
 * the vectors themselves rather than their moments.
 *
 * <p>Bottom-k sampling: every vector gets a pseudo-random priority, a 64-bit hash of its values and
 * the seed, and the reservoir keeps the {@code capacity} vectors with the smallest priorities. The
 * kept set is a uniform sample without replacement (priorities are i.i.d. for distinct vectors),
 * and, because a vector's priority does not depend on when or where it was seen, merging partial
 * reservoirs in any order gives the same sample: the result depends only on the data and the seed.
 * Mutable accumulator, not thread-safe.
 */
public final class FeatureReservoir implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final int capacity;
  private int dimension;
  private final long seed;
  private int size;
  private long[] priorities;
  private float[] rows;
  private int maxIndex = -1;

  public FeatureReservoir(int capacity, int dimension, long seed) {
    this(capacity, dimension, seed, 0, new long[0], new float[0]);
  }

  /** An empty reservoir whose dimension the first batch or merge sets. */
  public FeatureReservoir(int capacity, long seed) {
    this(capacity, 0, seed, 0, new long[0], new float[0]);
  }

  /**
   * @param priorities at least {@code size} priorities (kept)
   * @param rows at least {@code size × dimension} values (kept)
   */
  FeatureReservoir(
      int capacity, int dimension, long seed, int size, long[] priorities, float[] rows) {
    if (capacity < 1 || dimension < 0 || (dimension == 0 && size > 0)) {
      throw new IllegalArgumentException(
          "feature reservoir: expected capacity >= 1 and dimension >= 0, got "
              + capacity
              + " and "
              + dimension);
    }
    this.capacity = capacity;
    this.dimension = dimension;
    this.seed = seed;
    this.size = size;
    this.priorities = priorities;
    this.rows = rows;
    if (size == capacity) {
      maxIndex = argMax();
    }
  }

  public int capacity() {
    return capacity;
  }

  public int dimension() {
    return dimension;
  }

  long seed() {
    return seed;
  }

  /** Number of vectors held. */
  public int size() {
    return size;
  }

  /** Priorities of the held vectors, in storage order; the array may be longer than size. */
  long[] priorities() {
    return priorities;
  }

  /** The held vectors, row-major in storage order; the array may be longer than size × d. */
  float[] rows() {
    return rows;
  }

  /** Offers every row of {@code batch}. */
  public FeatureReservoir add(FeatureBatch batch) {
    if (dimension == 0) {
      dimension = batch.dimension();
    }
    if (batch.dimension() != dimension) {
      throw new IllegalArgumentException(
          "feature batch has "
              + batch.dimension()
              + "-dimensional features, expected "
              + dimension);
    }
    float[] values = batch.values();
    for (int r = 0; r < batch.rows(); r++) {
      int offset = r * dimension;
      offer(priority(values, offset), values, offset);
    }
    return this;
  }

  /** Offers every vector of {@code other}. */
  public FeatureReservoir merge(FeatureReservoir other) {
    if (other.size == 0) {
      return this;
    }
    if (dimension == 0) {
      dimension = other.dimension;
    }
    if (other.dimension != dimension || other.seed != seed) {
      throw new IllegalArgumentException(
          "cannot merge feature reservoirs of different dimension or seed");
    }
    for (int i = 0; i < other.size; i++) {
      offer(other.priorities[i], other.rows, i * dimension);
    }
    return this;
  }

  /** The sampled vectors, ordered by priority; needs a known dimension. */
  public FeatureBatch sample() {
    if (dimension == 0) {
      throw new IllegalStateException("the feature sample is empty: no features were added");
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(priorities[a], priorities[b]));
    float[] values = new float[size * dimension];
    for (int i = 0; i < size; i++) {
      System.arraycopy(rows, order[i] * dimension, values, i * dimension, dimension);
    }
    return new FeatureBatch(size, dimension, values);
  }

  private void offer(long priority, float[] source, int offset) {
    if (size < capacity) {
      if (size == priorities.length) {
        grow();
      }
      priorities[size] = priority;
      System.arraycopy(source, offset, rows, size * dimension, dimension);
      size++;
      if (size == capacity) {
        maxIndex = argMax();
      }
    } else if (priority < priorities[maxIndex]) {
      priorities[maxIndex] = priority;
      System.arraycopy(source, offset, rows, maxIndex * dimension, dimension);
      maxIndex = argMax();
    }
  }

  private void grow() {
    int length = (int) Math.min(capacity, Math.max(16L, 2L * priorities.length));
    priorities = Arrays.copyOf(priorities, length);
    rows = Arrays.copyOf(rows, length * dimension);
  }

  private int argMax() {
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (priorities[i] > priorities[best]) {
        best = i;
      }
    }
    return best;
  }

  /** SplitMix64-style hash of the vector's float bits and the seed. */
  private long priority(float[] values, int offset) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (int j = 0; j < dimension; j++) {
      h = mix(h + Float.floatToIntBits(values[offset + j]));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
