package dev.beamdiff.diffusion.noise;

import java.util.random.RandomGenerator;

/**
 * The SplitMix64 generator (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
 * generators", OOPSLA; the algorithm behind {@link java.util.SplittableRandom}), written out here
 * so a seed gives the same numbers on every JVM: state advances by the golden-ratio increment and
 * each output is the {@link #mix} of the new state.
 */
public final class SplitMix64 implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  /** A generator whose first output is {@code mix(seed + γ)}. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /**
   * A generator for stream {@code stream} of {@code seed}: independent streams for, e.g., each
   * sampling step of one image, all determined by that image's seed.
   */
  public static SplitMix64 forStream(long seed, long stream) {
    return new SplitMix64(mix(mix(seed) ^ mix(stream + GOLDEN_GAMMA)));
  }

  /** Stafford's variant 13 finaliser ({@code mix64}): a bijective avalanche of 64 bits. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }
}
