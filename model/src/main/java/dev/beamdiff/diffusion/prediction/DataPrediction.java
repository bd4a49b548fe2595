package dev.beamdiff.diffusion.prediction;

import dev.beamdiff.diffusion.NoiseLevel;

/**
 * x0-prediction: the network predicts the clean data directly, target {@code x0}, {@code x̂0 = F}
 * (Ho et al. 2020, §3.2 discuss it as the alternative to ε). Input scaling {@code c_in = 1/√(α² +
 * σ²)}.
 */
public final class DataPrediction implements PredictionTransform {

  @Override
  public String name() {
    return "x0";
  }

  @Override
  public Preconditioning coefficients(NoiseLevel level) {
    return new Preconditioning(1 / Math.hypot(level.alpha(), level.sigma()), 1, 0, 0, 1);
  }

  @Override
  public boolean recoversDataAtPureNoise() {
    return true;
  }
}
