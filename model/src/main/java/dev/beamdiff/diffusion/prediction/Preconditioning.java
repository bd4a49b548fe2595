package dev.beamdiff.diffusion.prediction;

/**
 * The affine maps a prediction transform defines at one noise level, in the schedule's frame {@code
 * x_t = α·x0 + σ·ε}:
 *
 * <ul>
 *   <li>network input {@code c_in·x_t} ({@link #inputScale});
 *   <li>training target {@code a·x0 + b·ε} ({@link #targetData}, {@link #targetNoise});
 *   <li>clean-data estimate {@code x̂0 = c_skip·x_t + c_out·F} from the raw output F ({@link
 *       #skip}, {@link #out}).
 * </ul>
 *
 * Since {@code x̂0 − x0 = c_out·(F − target)}, a loss weight {@code w} on {@code ‖x̂0 − x0‖²} is
 * the weight {@code w·c_out²} on the raw output's squared error (Karras et al. 2022, Eq. 8).
 *
 * @param inputScale {@code c_in}
 * @param targetData {@code a}
 * @param targetNoise {@code b}
 * @param skip {@code c_skip}
 * @param out {@code c_out}
 */
public record Preconditioning(
    double inputScale, double targetData, double targetNoise, double skip, double out) {

  /**
   * The noise estimate's coefficients: {@code ε̂ = (x_t − α·x̂0)/σ = e_x·x_t + e_F·F}, returned as
   * {@code {e_x, e_F}}.
   */
  public double[] noiseCoefficients(double alpha, double sigma) {
    return new double[] {(1 - alpha * skip) / sigma, -alpha * out / sigma};
  }
}
