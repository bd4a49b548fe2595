package dev.beamdiff.data;

import java.util.SplittableRandom;

/**
 * The order in which a training run visits a dataset: an endless stream of epochs, each a fresh
 * permutation of the indices drawn from (seed, epoch), optionally with random horizontal flips.
 *
 * <p>Batch {@code k} is the stream positions {@code [k·B, (k+1)·B)}; position {@code p} is index
 * {@code perm_e[p mod N]} of epoch {@code e = p div N}. Everything is a pure function of (seed,
 * position), so a resumed run that knows its step reads exactly the batches an uninterrupted run
 * would have read.
 */
public final class ShuffledBatches {
  private final DiffusionDataset dataset;
  private final int batchSize;
  private final long seed;
  private final boolean flips;
  private long cachedEpoch = -1;
  private int[] cachedPermutation;

  public ShuffledBatches(DiffusionDataset dataset, int batchSize, long seed, boolean flips) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.seed = seed;
    this.flips = flips;
  }

  public int batchSize() {
    return batchSize;
  }

  public DiffusionDataset dataset() {
    return dataset;
  }

  /** Batch number {@code k} (0-based): images {@code [B, c, h, w]} and labels. */
  public Batch batch(long k) {
    int size = dataset.imageSize();
    float[] images = new float[batchSize * size];
    int[] labels = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      long position = k * batchSize + i;
      int index = indexAt(position);
      labels[i] = dataset.read(index, images, i * size);
      if (flips && new SplittableRandom(mix(seed ^ 0x5DEECE66DL, position)).nextBoolean()) {
        flipHorizontally(images, i * size, dataset.channels() * dataset.height(), dataset.width());
      }
    }
    return new Batch(k, images, labels);
  }

  /** Dataset index at stream position {@code position}. */
  public int indexAt(long position) {
    int n = dataset.size();
    long epoch = position / n;
    return permutation(epoch)[(int) (position % n)];
  }

  private synchronized int[] permutation(long epoch) {
    if (epoch != cachedEpoch) {
      int n = dataset.size();
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      SplittableRandom rng = new SplittableRandom(mix(seed, epoch));
      for (int i = n - 1; i > 0; i--) { // Fisher–Yates
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      cachedPermutation = perm;
      cachedEpoch = epoch;
    }
    return cachedPermutation;
  }

  /** Reverses every row of {@code rows} rows of {@code width} floats starting at {@code offset}. */
  static void flipHorizontally(float[] data, int offset, int rows, int width) {
    for (int r = 0; r < rows; r++) {
      int a = offset + r * width;
      int b = a + width - 1;
      while (a < b) {
        float t = data[a];
        data[a++] = data[b];
        data[b--] = t;
      }
    }
  }

  /** Combines two longs into a well-mixed seed (SplitMix64 finaliser). */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** One batch: its number, channels-first images in [−1, 1] and labels. */
  public record Batch(long number, float[] images, int[] labels) {}
}
