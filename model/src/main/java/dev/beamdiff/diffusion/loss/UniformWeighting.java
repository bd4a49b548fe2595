package dev.beamdiff.diffusion.loss;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.Preconditioning;

/**
 * Weight 1 on the raw output's squared error: the plain MSE on the network's target. With
 * ε-prediction this is DDPM's {@code L_simple} (Ho et al. 2020, arXiv:2006.11239, Eq. 14); with EDM
 * preconditioning it equals EDM's λ(σ) weighting, since {@code λ·c_out² = 1} (Karras et al. 2022,
 * §5).
 */
public final class UniformWeighting implements LossWeighting {

  @Override
  public String name() {
    return "uniform";
  }

  @Override
  public double weight(NoiseLevel level, Preconditioning coefficients) {
    return 1;
  }
}
