package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Linear multistep (variable-step Adams–Bashforth; Hairer, Nørsett & Wanner, "Solving ODEs I",
 * §III.1 and §III.5) on the probability-flow ODE {@code d_i = (x̃_i − D(x̃_i; σ̃_i))/σ̃_i}, as
 * k-diffusion's {@code sample_lms}: with the last {@code p = min(i+1, order)} slopes,
 *
 * <pre>  x̃_{i+1} = x̃_i + Σ_{j<p} c_j·d_{i−j},   c_j = ∫_{σ̃_i}^{σ̃_{i+1}} ℓ_j(τ) dτ,</pre>
 *
 * where {@code ℓ_j} is the Lagrange basis polynomial on the nodes {@code σ̃_i … σ̃_{i−p+1}} that is
 * 1 at {@code σ̃_{i−j}}. The integrals are computed exactly ({@link LagrangeIntegrals}). One
 * network evaluation per step; order 4 by default. Because the first steps run at lower order, the
 * global error converges at second order overall.
 */
public final class LmsSampler implements Sampler {
  private final int order;

  /** Order 4. */
  public LmsSampler() {
    this(4);
  }

  /** The given order, 1 … 4. */
  public LmsSampler(int order) {
    if (order < 1 || order > 4) {
      throw new IllegalArgumentException("order: expected 1…4, got " + order);
    }
    this.order = order;
  }

  @Override
  public String name() {
    return "lms";
  }

  @Override
  public boolean isStochastic() {
    return false;
  }

  @Override
  public NDArray sample(
      X0Predictor model, NDArray x, SamplingGrid grid, NoiseSource noise, StepListener listener) {
    int steps = grid.steps();
    double[] sigmas = grid.veSigmas();
    Deque<NDArray> slopes = new ArrayDeque<>(); // newest first
    try (Workspace workspace = new Workspace(x)) {
      NDArray current = x;
      for (int i = 0; i < steps; i++) {
        NDArray[] inUse = new NDArray[slopes.size() + 1];
        inUse[0] = current;
        int k = 1;
        for (NDArray slope : slopes) {
          inUse[k++] = slope;
        }
        NDArray updated;
        try (NDManager scope = workspace.step(inUse)) {
          NDArray denoised = model.predictX0(current, sigmas[i]);
          NDArray slope = current.sub(denoised).div(sigmas[i]);
          slopes.addFirst(workspace.keep(slope));
          if (slopes.size() > order) {
            workspace.discard(slopes.removeLast());
          }
          double[] nodes = new double[slopes.size()];
          for (int j = 0; j < nodes.length; j++) {
            nodes[j] = sigmas[i - j];
          }
          double[] weights = LagrangeIntegrals.over(nodes, sigmas[i], sigmas[i + 1]);
          // The current slope enters as (1 + w_0/σ_i)·x − (w_0/σ_i)·D, which for a first-order
          // step is the exact blend (σ_{i+1}/σ_i)·x + (1 − σ_{i+1}/σ_i)·D with no cancellation.
          double ratio = weights[0] / sigmas[i];
          updated = current.mul(1 + ratio).sub(denoised.mul(ratio));
          Iterator<NDArray> history = slopes.iterator();
          history.next();
          for (int j = 1; j < weights.length; j++) {
            updated = updated.addi(history.next().mul(weights[j]));
          }
          workspace.keep(updated);
        }
        workspace.discard(current);
        current = updated;
        listener.onStep(i + 1, steps);
      }
      for (NDArray slope : slopes) {
        workspace.discard(slope);
      }
      return workspace.finish(current);
    }
  }
}
