package dev.beamdiff.diffusion.loss;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.EdmPreconditioning;
import dev.beamdiff.diffusion.prediction.Preconditioning;

/**
 * EDM's loss weighting (Karras et al. 2022, arXiv:2206.00364, Table 1): {@code λ(σ̃) = (σ̃² +
 * σ_d²)/(σ̃·σ_d)² = 1/σ_d² + SNR} on the clean-data error, {@code σ̃ = σ/α}. Raw weight {@code
 * λ·c_out²}, which is 1 under EDM preconditioning.
 */
public final class EdmWeighting implements LossWeighting {
  /** σ_data = 0.5. */
  public static final double DEFAULT_SIGMA_DATA = EdmPreconditioning.DEFAULT_SIGMA_DATA;

  private final double sigmaData;

  /** With the given σ_data. */
  public EdmWeighting(double sigmaData) {
    if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
      throw new IllegalArgumentException(
          "sigmaData: expected a finite value > 0, got " + sigmaData);
    }
    this.sigmaData = sigmaData;
  }

  /** {@code λ(σ̃) = 1/σ_d² + 1/σ̃²}. */
  public double lambda(NoiseLevel level) {
    return 1 / (sigmaData * sigmaData) + level.snr();
  }

  @Override
  public String name() {
    return "edm";
  }

  @Override
  public double weight(NoiseLevel level, Preconditioning c) {
    return lambda(level) * c.out() * c.out();
  }
}
