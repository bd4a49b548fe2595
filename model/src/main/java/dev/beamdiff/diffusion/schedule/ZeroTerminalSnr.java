package dev.beamdiff.diffusion.schedule;

/**
 * Rescaling a discrete schedule to zero terminal SNR (Lin et al. 2023, "Common Diffusion Noise
 * Schedules and Sample Steps are Flawed", arXiv:2305.08891, Alg. 1): shift {@code √ᾱ} so its last
 * value is 0, then scale it so its first value is unchanged,
 *
 * <pre>  √ᾱ'_t = (√ᾱ_t − √ᾱ_{T−1}) · √ᾱ_0 / (√ᾱ_0 − √ᾱ_{T−1}).</pre>
 *
 * The last step then holds pure noise, as sampling from {@code N(0, I)} assumes.
 */
public final class ZeroTerminalSnr {
  private ZeroTerminalSnr() {}

  /** Returns the rescaled {@code ᾱ'}; the input must be strictly decreasing. */
  public static double[] rescale(double[] alphaBar) {
    int last = alphaBar.length - 1;
    double first = Math.sqrt(alphaBar[0]);
    double end = Math.sqrt(alphaBar[last]);
    if (!(first > end)) {
      throw new IllegalArgumentException(
          "alphaBar: expected ᾱ_0 > ᾱ_T−1 to rescale, got "
              + alphaBar[0]
              + " and "
              + alphaBar[last]);
    }
    double scale = first / (first - end);
    double[] rescaled = new double[alphaBar.length];
    for (int t = 0; t <= last; t++) {
      double root = (Math.sqrt(alphaBar[t]) - end) * scale;
      rescaled[t] = root * root;
    }
    rescaled[0] = alphaBar[0];
    rescaled[last] = 0;
    return rescaled;
  }
}
