package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, arXiv:2211.01095, Alg. 2) and its SDE variant
 * SDE-DPM-Solver++(2M) (ibid., §4 and App. A; midpoint form of k-diffusion's {@code
 * sample_dpmpp_2m_sde}). With {@code λ = −ln σ̃} (half the log-SNR), {@code h = λ_{i+1} − λ_i},
 * {@code r = h_{i−1}/h} and stochasticity η (0: ODE, 1: SDE):
 *
 * <pre>
 *   x' = (σ̃_{i+1}/σ̃_i)·e^{−ηh}·x + (1 − e^{−(1+η)h})·D_i
 *        + (1 − e^{−(1+η)h})/(2r)·(D_i − D_{i−1})                 (second order, from step 2)
 *        + σ̃_{i+1}·√(1 − e^{−2ηh})·S_noise·z                      (η > 0)
 * </pre>
 *
 * with {@code D_i = D(x; σ̃_i)}: a second-order exponential integrator that reuses the previous
 * denoised estimate, so one network evaluation per step. The first step and the step to σ = 0 are
 * first order (DDIM for η = 0; the DDPM posterior for η = 1). All coefficients use {@code expm1}.
 */
public final class DpmSolverPlusPlus2M implements Sampler {
  private final double eta;
  private final double sNoise;

  /** The ODE solver (η = 0). */
  public DpmSolverPlusPlus2M() {
    this(0, 1);
  }

  /**
   * @param eta stochasticity η ∈ [0, 1]; 0 is DPM-Solver++(2M), 1 is SDE-DPM-Solver++(2M)
   * @param sNoise scale of the injected noise, > 0
   */
  public DpmSolverPlusPlus2M(double eta, double sNoise) {
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta: expected a value in [0, 1], got " + eta);
    }
    if (!(sNoise > 0) || Double.isInfinite(sNoise)) {
      throw new IllegalArgumentException("sNoise: expected a finite value > 0, got " + sNoise);
    }
    this.eta = eta;
    this.sNoise = sNoise;
  }

  @Override
  public String name() {
    return eta > 0 ? "dpmpp-2m-sde" : "dpmpp-2m";
  }

  @Override
  public boolean isStochastic() {
    return eta > 0;
  }

  @Override
  public NDArray sample(
      X0Predictor model, NDArray x, SamplingGrid grid, NoiseSource noise, StepListener listener) {
    int steps = grid.steps();
    try (Workspace workspace = new Workspace(x)) {
      NDArray current = x;
      NDArray previousDenoised = null;
      double previousH = Double.NaN;
      for (int i = 0; i < steps; i++) {
        double sigma = grid.veSigma(i);
        double next = grid.veSigma(i + 1);
        NDArray updated;
        NDArray denoised;
        double h = Math.log(sigma / next);
        try (NDManager scope = workspace.step(current, previousDenoised)) {
          denoised = model.predictX0(current, sigma);
          if (next == 0) {
            updated = denoised.duplicate();
          } else {
            double etaH = eta == 0 ? 0 : eta * h;
            double keepData = -Math.expm1(-h - etaH);
            updated = current.mul(next / sigma * Math.exp(-etaH)).addi(denoised.mul(keepData));
            if (previousDenoised != null) {
              double r = previousH / h;
              updated = updated.addi(denoised.sub(previousDenoised).mul(keepData / (2 * r)));
            }
            if (eta > 0) {
              NDArray z =
                  noise.gaussian(
                      scope, current.getShape(), current.getDataType(), NoiseSource.step(i));
              updated = updated.addi(z.mul(next * Math.sqrt(-Math.expm1(-2 * etaH)) * sNoise));
            }
          }
          workspace.keep(updated);
          workspace.keep(denoised);
        }
        workspace.discard(current);
        workspace.discard(previousDenoised);
        current = updated;
        previousDenoised = denoised;
        previousH = h;
        listener.onStep(i + 1, steps);
      }
      return workspace.finish(current);
    }
  }
}
