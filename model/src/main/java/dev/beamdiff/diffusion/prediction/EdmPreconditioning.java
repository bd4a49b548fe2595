package dev.beamdiff.diffusion.prediction;

import dev.beamdiff.diffusion.NoiseLevel;

/**
 * EDM preconditioning (Karras et al. 2022, arXiv:2206.00364, §5 and Table 1): in the
 * variance-exploding frame {@code x̃ = x_t/α} with {@code σ̃ = σ/α},
 *
 * <pre>
 *   D(x̃; σ̃) = c_skip·x̃ + c_out·F(c_in·x̃, c_noise),
 *   c_skip = σ_d²/(σ̃² + σ_d²),  c_out = σ̃·σ_d/√(σ̃² + σ_d²),  c_in = 1/√(σ̃² + σ_d²),
 * </pre>
 *
 * with training target {@code (x0 − c_skip·x̃)/c_out} (Eq. 8) and {@code σ_d = σ_data = 0.5} by
 * default. In the schedule frame, with {@code d = √(σ² + α²σ_d²)}, these are {@code c_in = 1/d},
 * {@code c_skip = α·σ_d²/d²}, {@code c_out = σ·σ_d/d}, target {@code (σ/(σ_d·d))·x0 − (α·σ_d/d)·ε}:
 * the same numbers for {@code α = 1}, and finite at {@code α = 0}. The noise conditioning {@code
 * c_noise} comes from the schedule ({@code ¼·ln σ} for EDM and Karras).
 */
public final class EdmPreconditioning implements PredictionTransform {
  /** σ_data = 0.5, EDM's value for images in [−1, 1]. */
  public static final double DEFAULT_SIGMA_DATA = 0.5;

  private final double sigmaData;

  /** With {@code σ_data = 0.5}. */
  public EdmPreconditioning() {
    this(DEFAULT_SIGMA_DATA);
  }

  /** With the given data standard deviation. */
  public EdmPreconditioning(double sigmaData) {
    if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
      throw new IllegalArgumentException(
          "sigmaData: expected a finite value > 0, got " + sigmaData);
    }
    this.sigmaData = sigmaData;
  }

  /** σ_data. */
  public double sigmaData() {
    return sigmaData;
  }

  @Override
  public String name() {
    return "edm";
  }

  @Override
  public Preconditioning coefficients(NoiseLevel level) {
    double a = level.alpha();
    double s = level.sigma();
    double sd = sigmaData;
    double d = Math.hypot(s, a * sd);
    return new Preconditioning(1 / d, s / (sd * d), -a * sd / d, a * sd * sd / (d * d), s * sd / d);
  }

  @Override
  public boolean recoversDataAtPureNoise() {
    return true;
  }
}
