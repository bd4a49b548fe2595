package dev.beamdiff.train;

import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.noise.SplitMix64;

/**
 * Every random draw of update n comes from streams seeded by (run seed, n) alone, so a run resumed
 * at any step draws exactly what the uninterrupted run drew, with no generator state to save:
 *
 * <ul>
 *   <li>the noise ε of image b: {@link SeededNoise} seeded by (stepSeed, b);
 *   <li>the training times (noise levels): stream 1 of stepSeed;
 *   <li>the label dropout: stream 2;
 *   <li>the engine's generator (network dropout): re-seeded from stream 3 before the update.
 * </ul>
 *
 * Batches come from {@code ShuffledBatches}, itself a function of (seed, position).
 *
 * @param stepSeed SplitMix64.forStream(run seed, n)'s first output
 */
public record StepRandomness(long stepSeed) {
  private static final long TIMES = 1;
  private static final long LABEL_DROPOUT = 2;
  private static final long ENGINE = 3;

  /** The draws of update {@code step} of a run seeded with {@code runSeed}. */
  public static StepRandomness of(long runSeed, long step) {
    return new StepRandomness(SplitMix64.forStream(runSeed, step).nextLong());
  }

  /** Per-image Gaussian noise for a batch of {@code batchSize}. */
  public SeededNoise noise(int batchSize) {
    return SeededNoise.forIndices(stepSeed, 0, batchSize);
  }

  public SplitMix64 times() {
    return SplitMix64.forStream(stepSeed, TIMES);
  }

  public SplitMix64 labelDropout() {
    return SplitMix64.forStream(stepSeed, LABEL_DROPOUT);
  }

  /** Seed for the engine's generator (PyTorch's, used by dropout layers). */
  public int engineSeed() {
    long bits = SplitMix64.forStream(stepSeed, ENGINE).nextLong();
    return (int) (bits ^ (bits >>> 32));
  }
}
