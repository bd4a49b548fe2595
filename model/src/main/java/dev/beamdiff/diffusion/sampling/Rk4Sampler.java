package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * The classical fourth-order Runge–Kutta method (Kutta 1901; Hairer, Nørsett & Wanner, "Solving
 * Ordinary Differential Equations I", §II.1, Table 1.2) on the probability-flow ODE {@code f(x̃,
 * σ̃) = (x̃ − D(x̃; σ̃))/σ̃} with step {@code h = σ̃_{i+1} − σ̃_i}:
 *
 * <pre>
 *   k1 = f(x, σ̃_i),  k2 = f(x + h/2·k1, σ̃_i + h/2),  k3 = f(x + h/2·k2, σ̃_i + h/2),
 *   k4 = f(x + h·k3, σ̃_{i+1}),   x' = x + h/6·(k1 + 2k2 + 2k3 + k4).
 * </pre>
 *
 * Four network evaluations per step. f is undefined at σ̃ = 0, so the final step to the clean level
 * is the Euler step {@code x' = D(x; σ̃_{N−1})}, as in {@link EdmSampler}. (FlaxDiff's RK4 sampler
 * cannot run: it jit-compiles a function taking a Python callable.)
 */
public final class Rk4Sampler extends SingleStepSampler {

  @Override
  public String name() {
    return "rk4";
  }

  @Override
  public boolean isStochastic() {
    return false;
  }

  @Override
  NDArray step(
      X0Predictor model, NDArray x, SamplingGrid grid, int i, NoiseSource noise, NDManager scope) {
    double sigma = grid.veSigma(i);
    double next = grid.veSigma(i + 1);
    if (next == 0) {
      return model.predictX0(x, sigma);
    }
    double h = next - sigma;
    double mid = sigma + h / 2;
    NDArray k1 = slope(model, x, sigma);
    NDArray k2 = slope(model, x.add(k1.mul(h / 2)), mid);
    NDArray k3 = slope(model, x.add(k2.mul(h / 2)), mid);
    NDArray k4 = slope(model, x.add(k3.mul(h)), next);
    return x.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(h / 6));
  }

  private static NDArray slope(X0Predictor model, NDArray x, double sigma) {
    return x.sub(model.predictX0(x, sigma)).div(sigma);
  }
}
