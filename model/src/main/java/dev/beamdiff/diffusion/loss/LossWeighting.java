package dev.beamdiff.diffusion.loss;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.Preconditioning;

/**
 * How much each noise level counts in the training loss {@code E[w(t)·‖F − target‖²]}.
 *
 * <p>Weightings other than {@link UniformWeighting} are defined on the clean-data error {@code ‖x̂0
 * − x0‖²} as a function of the level (SNR weighting, Min-SNR-γ, EDM's λ(σ)); since {@code x̂0 − x0
 * = c_out·(F − target)}, {@link #weight} returns that weight times {@code c_out²}, which makes each
 * weighting mean the same thing whatever the network predicts (Hang et al. 2023, arXiv:2303.09556,
 * §3.4 make this conversion for ε and v).
 */
public interface LossWeighting {

  /** Name used on the command line. */
  String name();

  /**
   * The weight on the squared error of the raw network output at {@code level}, for a network with
   * the given {@code coefficients}.
   */
  double weight(NoiseLevel level, Preconditioning coefficients);
}
