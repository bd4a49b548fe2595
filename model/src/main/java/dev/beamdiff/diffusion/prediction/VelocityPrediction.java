package dev.beamdiff.diffusion.prediction;

import dev.beamdiff.diffusion.NoiseLevel;

/**
 * v-prediction (Salimans & Ho 2022, "Progressive Distillation", arXiv:2202.00512, §4 and App. D):
 * target {@code v = α·ε − σ·x0} for variance-preserving schedules. For any schedule it is written
 * with {@code r = √(α² + σ²)} as
 *
 * <pre>  v = (α·ε − σ·x0)/r,   x̂0 = (α/r²)·x_t − (σ/r)·F,</pre>
 *
 * i.e. the angular parameterisation {@code x_t/r = cos φ·x0 + sin φ·ε}, {@code v = cos φ·ε − sin
 * φ·x0}; it equals Salimans & Ho's v when {@code r = 1}. Input scaling {@code c_in = 1/r}.
 */
public final class VelocityPrediction implements PredictionTransform {

  @Override
  public String name() {
    return "v";
  }

  @Override
  public Preconditioning coefficients(NoiseLevel level) {
    double a = level.alpha();
    double s = level.sigma();
    double r = Math.hypot(a, s);
    return new Preconditioning(1 / r, -s / r, a / r, a / (r * r), -s / r);
  }

  @Override
  public boolean recoversDataAtPureNoise() {
    return true;
  }
}
