package dev.beamdiff.transforms.image;

/**
 * The 1-D convolution weights Pillow uses to resample one axis ({@code precompute_coeffs} in
 * Pillow's {@code libImaging/Resample.c}).
 *
 * <p>For output index {@code j} of {@code outSize}, with {@code scale = inSize / outSize} and the
 * filter widened by {@code s = max(scale, 1)} (antialiasing when shrinking):
 *
 * <pre>
 *   c_j   = (j + 0.5) · scale                          centre, in input pixel units
 *   first = max(trunc(c_j − support·s + 0.5), 0)
 *   end   = min(trunc(c_j + support·s + 0.5), inSize)
 *   w_ji  = K((i − c_j + 0.5) / s) / Σ_i K((i − c_j + 0.5) / s)     for first ≤ i &lt; end
 * </pre>
 *
 * Input pixel {@code i} is centred at {@code i + 0.5} (Pillow's pixel-centre convention), and the
 * weights are renormalised to sum to one, so pixels beyond the border are ignored rather than
 * replicated. All arithmetic is in double, in the same order as Pillow's C code.
 *
 * @param taps the stride of {@link #weights}: {@code 2·ceil(support·s) + 1}
 * @param first index of the first input sample of each output sample
 * @param count number of input samples of each output sample
 * @param weights {@code outSize × taps} normalised weights; entries past {@code count} are zero
 */
record ResampleCoefficients(int taps, int[] first, int[] count, double[] weights) {

  /** Pillow's 8-bit fixed-point precision: 32 bits − 8 for the result − 2 for overflow. */
  static final int PRECISION_BITS = 22;

  static ResampleCoefficients compute(int inSize, int outSize, PillowResampler.Filter filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support() * filterScale;
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    double[] weights = new double[outSize * taps];
    double inverseScale = 1.0 / filterScale;
    for (int j = 0; j < outSize; j++) {
      double center = (j + 0.5) * scale;
      int lo = Math.max((int) (center - support + 0.5), 0);
      int hi = Math.min((int) (center + support + 0.5), inSize);
      int n = hi - lo;
      int offset = j * taps;
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        double w = filter.kernel((i + lo - center + 0.5) * inverseScale);
        weights[offset + i] = w;
        sum += w;
      }
      if (sum != 0.0) {
        for (int i = 0; i < n; i++) {
          weights[offset + i] /= sum;
        }
      }
      first[j] = lo;
      count[j] = n;
    }
    return new ResampleCoefficients(taps, first, count, weights);
  }

  /**
   * The weights as Pillow's 8-bit path stores them: {@code w · 2^22} rounded half away from zero to
   * an int ({@code normalize_coeffs_8bpc}).
   */
  int[] fixedPoint() {
    int[] fixed = new int[weights.length];
    double one = 1 << PRECISION_BITS;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      fixed[i] = (int) (w < 0 ? -0.5 + w * one : 0.5 + w * one);
    }
    return fixed;
  }

  /** First input index used by any output sample. */
  int firstUsed() {
    return first[0];
  }

  /** One past the last input index used by any output sample. */
  int endUsed() {
    int last = first.length - 1;
    return first[last] + count[last];
  }
}
