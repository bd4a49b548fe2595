package dev.beamdiff.diffusion.prediction;

import dev.beamdiff.diffusion.NoiseLevel;

/**
 * ε-prediction (Ho et al. 2020, arXiv:2006.11239, Eq. 11–12): the network predicts the noise,
 * target {@code ε}, and {@code x̂0 = (x_t − σ·F)/α}. Input scaling {@code c_in = 1/√(α² + σ²)} (1
 * for variance-preserving schedules; unit variance for unit-variance data otherwise).
 */
public final class EpsilonPrediction implements PredictionTransform {

  @Override
  public String name() {
    return "eps";
  }

  @Override
  public Preconditioning coefficients(NoiseLevel level) {
    double a = level.alpha();
    double s = level.sigma();
    return new Preconditioning(1 / Math.hypot(a, s), 0, 1, 1 / a, -s / a);
  }

  @Override
  public boolean recoversDataAtPureNoise() {
    return false;
  }
}
