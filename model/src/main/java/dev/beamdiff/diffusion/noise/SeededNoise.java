package dev.beamdiff.diffusion.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Per-sample reproducible noise: element b of every draw comes from {@link SplitMix64#forStream
 * SplitMix64.forStream(seed_b, stream)} through {@link RandomDraws#fillGaussian}, on the Java side
 * rather than from the engine's global RNG. An image's noise therefore depends only on its own
 * seed, not on the batch it is in or its position there, and is bit-identical across runs, batch
 * sizes and machines.
 */
public final class SeededNoise implements NoiseSource {
  private final long[] seeds;

  private SeededNoise(long[] seeds) {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("seeds: expected at least one seed");
    }
    this.seeds = seeds.clone();
  }

  /** One seed per batch element, in batch order. */
  public static SeededNoise of(long... seeds) {
    return new SeededNoise(seeds);
  }

  /**
   * Seeds for images {@code first … first+count−1} of a run seeded with {@code runSeed}: image i
   * gets {@link #seedFor seedFor(runSeed, i)} whichever batch it lands in.
   */
  public static SeededNoise forIndices(long runSeed, long first, int count) {
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = seedFor(runSeed, first + i);
    }
    return new SeededNoise(seeds);
  }

  /** The seed of image {@code index} in a run seeded with {@code runSeed}. */
  public static long seedFor(long runSeed, long index) {
    return SplitMix64.mix(runSeed ^ SplitMix64.mix(index));
  }

  /** The per-element seeds. */
  public long[] seeds() {
    return seeds.clone();
  }

  /** Number of batch elements this source serves. */
  public int batchSize() {
    return seeds.length;
  }

  /** The noise for batch elements {@code from … to−1} only, as a source of its own. */
  public SeededNoise slice(int from, int to) {
    return new SeededNoise(Arrays.copyOfRange(seeds, from, to));
  }

  @Override
  public NDArray gaussian(NDManager manager, Shape shape, DataType dataType, long stream) {
    if (shape.dimension() == 0 || shape.get(0) != seeds.length) {
      throw new IllegalArgumentException(
          "shape: expected a leading dimension of "
              + seeds.length
              + " (one per seed), got "
              + shape);
    }
    long perSampleLong = shape.size() / seeds.length;
    if (perSampleLong > Integer.MAX_VALUE / seeds.length) {
      throw new IllegalArgumentException("shape: too large for one noise draw: " + shape);
    }
    int perSample = (int) perSampleLong;
    double[] values = new double[perSample * seeds.length];
    IntStream.range(0, seeds.length)
        .forEach(
            b ->
                RandomDraws.fillGaussian(
                    SplitMix64.forStream(seeds[b], stream), values, b * perSample, perSample));
    if (dataType == DataType.FLOAT64) {
      return manager.create(values, shape);
    }
    if (dataType != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "dataType: expected FLOAT32 or FLOAT64 noise, got " + dataType);
    }
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return manager.create(floats, shape);
  }
}
