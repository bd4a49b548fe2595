package dev.beamdiff.nn.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The sinusoidal embedding of a scalar per sample (the positional encoding of Vaswani et al. 2017,
 * "Attention Is All You Need", §3.5, as used for the timestep in DDPM, Ho et al. 2020, Appendix B).
 * For a dimension D = 2·h and a scalar t:
 *
 * <pre>
 *   ω_i = exp(−ln(10000) · i / (h − 1)),   i = 0 … h−1
 *   e(t) = [ sin(t·ω_0) … sin(t·ω_{h−1}),  cos(t·ω_0) … cos(t·ω_{h−1}) ]
 * </pre>
 *
 * <p>The frequencies run geometrically from 1 down to 1/10000, so t is resolved at scales from
 * about 1 to about 60 000: the embedding is meant for conditions on the DDPM timestep scale (0 …
 * 1000). A condition on a much smaller scale (a continuous time in [0, 1], or EDM's c_noise = ¼·ln
 * σ) should be multiplied by about 1000 before it is embedded, or most channels stay constant.
 */
public final class SinusoidalEmbedding {
  private static final double MAX_PERIOD = 10000.0;

  private SinusoidalEmbedding() {}

  /**
   * Embeds each element of {@code t}.
   *
   * @param t the scalars, shape [B], floating point
   * @param dimension D, even and at least 4
   * @return e(t) of shape [B, D], attached to {@code t}'s manager, on {@code t}'s device
   */
  public static NDArray embed(NDArray t, int dimension) {
    checkDimension(dimension);
    if (t.getShape().dimension() != 1 || !t.getDataType().isFloating()) {
      throw new IllegalArgumentException(
          "noise condition must be a float array of shape [B], got "
              + t.getDataType()
              + " "
              + t.getShape());
    }
    int half = dimension / 2;
    NDManager manager = t.getManager();
    try (NDArray index = manager.arange(0f, half, 1f, t.getDataType(), t.getDevice());
        NDArray exponent = index.mul(-Math.log(MAX_PERIOD) / (half - 1));
        NDArray frequencies = exponent.exp();
        NDArray row = frequencies.reshape(1, half);
        NDArray column = t.reshape(-1, 1);
        NDArray arguments = column.mul(row);
        NDArray sin = arguments.sin();
        NDArray cos = arguments.cos()) {
      return sin.concat(cos, 1);
    }
  }

  static void checkDimension(int dimension) {
    if (dimension < 4 || dimension % 2 != 0) {
      throw new IllegalArgumentException(
          "sinusoidal embedding dimension must be even and >= 4, got " + dimension);
    }
  }
}
