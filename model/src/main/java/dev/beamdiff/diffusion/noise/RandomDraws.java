package dev.beamdiff.diffusion.noise;

import java.util.random.RandomGenerator;

/**
 * Scalar random draws defined only through {@link RandomGenerator#nextLong()}, so that a seeded
 * generator yields the same values on every JVM (the JDK's own {@code nextGaussian} algorithm is
 * not part of its specification).
 */
public final class RandomDraws {
  private RandomDraws() {}

  /** Uniform on the open interval (0, 1): {@code (k + ½)·2⁻⁵³} for a 53-bit integer k. */
  public static double openUniform(RandomGenerator random) {
    return ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
  }

  /**
   * Fills {@code out[from … from+count)} with standard normal values by Marsaglia's polar method
   * (Marsaglia & Bray 1964): draw {@code (u, v)} uniform in the unit disc, then {@code u·√(−2 ln s
   * / s)} and {@code v·√(−2 ln s / s)}, {@code s = u² + v²}, are independent N(0, 1). Uses {@link
   * StrictMath} so results are bit-identical everywhere.
   */
  public static void fillGaussian(RandomGenerator random, double[] out, int from, int count) {
    int end = from + count;
    int i = from;
    while (i < end) {
      double u;
      double v;
      double s;
      do {
        u = 2 * openUniform(random) - 1;
        v = 2 * openUniform(random) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s == 0);
      double scale = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
      out[i++] = u * scale;
      if (i < end) {
        out[i++] = v * scale;
      }
    }
  }

  /** One standard normal value (the first of a polar-method pair). */
  public static double gaussian(RandomGenerator random) {
    double[] one = new double[1];
    fillGaussian(random, one, 0, 1);
    return one[0];
  }
}
