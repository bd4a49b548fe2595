package dev.beamdiff.diffusion.loss;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.Preconditioning;

/**
 * Weight {@code SNR = α²/σ²} on the clean-data error {@code ‖x̂0 − x0‖²}, which is exactly the
 * unweighted ε-MSE ({@code ‖ε̂ − ε‖² = SNR·‖x̂0 − x0‖²}; Kingma et al. 2021, arXiv:2107.00630, §4;
 * Hang et al. 2023, arXiv:2303.09556, §3.1). Raw weight {@code (α·c_out/σ)²}.
 */
public final class SnrWeighting implements LossWeighting {

  @Override
  public String name() {
    return "snr";
  }

  @Override
  public double weight(NoiseLevel level, Preconditioning c) {
    double ratio = level.alpha() * c.out() / level.sigma();
    return ratio * ratio;
  }
}
