package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import java.util.ArrayList;
import java.util.List;

/**
 * UniPC (Zhao et al. 2023, "UniPC: A Unified Predictor-Corrector Framework for Fast Sampling of
 * Diffusion Models", arXiv:2302.04867, Alg. 2–3 with data prediction), as diffusers' {@code
 * UniPCMultistepScheduler}. With {@code λ = −ln σ̃}, {@code h = λ_{i+1} − λ_i}, the model outputs
 * {@code m_i = D(x_i; σ̃_i)} and {@code r_k = (λ_{i−k} − λ_i)/h}, {@code D_k = (m_{i−k} −
 * m_i)/r_k}:
 *
 * <pre>
 *   UniP-p:  x_{i+1} = (σ̃_{i+1}/σ̃_i)·x_i − (e^{−h} − 1)·m_i − B(h)·Σ_{k<p} a_k·D_k
 *   UniC-p:  x_{i+1} ← (σ̃_{i+1}/σ̃_i)·x_i − (e^{−h} − 1)·m_i
 *                      − B(h)·(Σ_{k<p} c_k·D_k + c_p·(m_{i+1} − m_i))
 * </pre>
 *
 * where {@code B(h) = e^{−h} − 1} (bh2) or {@code −h} (bh1) and the weights solve the order
 * conditions {@code Σ_k w_k·r_k^{j−1} = b_j(h)} (for UniP-2, {@code a_1 = ½}). The corrector reuses
 * the model output at the predicted point — the one the next step needs anyway — so it costs no
 * extra evaluation and raises the order by one: order 2 (the default) converges at third order. The
 * first steps run at lower order as history accumulates; the step to σ = 0 is first order and not
 * corrected (there is no model output at σ = 0). Unlike diffusers, earlier final steps keep the
 * full order.
 */
public final class UniPcSampler implements Sampler {

  /** The function B(h) of the update, Zhao et al. 2023, §3.2. */
  public enum Variant {
    /** {@code B(h) = h}: better for unconditional sampling at very few steps. */
    BH1,
    /** {@code B(h) = e^h − 1}: the default, better for guided sampling. */
    BH2
  }

  private final int order;
  private final Variant variant;

  /** Order 2, bh2: diffusers' defaults. */
  public UniPcSampler() {
    this(2, Variant.BH2);
  }

  /** The given predictor order 1…3 and variant. */
  public UniPcSampler(int order, Variant variant) {
    if (order < 1 || order > 3) {
      throw new IllegalArgumentException("order: expected 1…3, got " + order);
    }
    this.order = order;
    this.variant = variant;
  }

  @Override
  public String name() {
    return "unipc";
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
    List<NDArray> outputs = new ArrayList<>(); // m_i, m_{i−1}, … (newest first)
    try (Workspace workspace = new Workspace(x)) {
      NDArray current = x;
      NDArray previous = null; // x_{i−1}, the corrector's starting point
      int previousOrder = 0;
      for (int i = 0; i < steps; i++) {
        List<NDArray> inUse = new ArrayList<>(outputs);
        inUse.add(current);
        inUse.add(previous);
        NDArray next;
        NDArray corrected;
        NDArray output;
        try (NDManager scope = workspace.step(inUse.toArray(new NDArray[0]))) {
          output = model.predictX0(current, sigmas[i]);
          outputs.add(0, output); // kept only after the step: results of operations on it
          // must land in this step's scope
          corrected = current;
          if (previous != null) {
            corrected = update(previous, sigmas, i - 1, outputs, previousOrder, output);
          }
          int stepOrder = sigmas[i + 1] == 0 ? 1 : Math.min(order, outputs.size());
          next = update(corrected, sigmas, i, outputs, stepOrder, null);
          workspace.keep(output);
          workspace.keep(next);
          if (corrected != current) {
            workspace.keep(corrected);
          }
          previousOrder = stepOrder;
        }
        workspace.discard(previous);
        if (corrected != current) {
          workspace.discard(current);
        }
        previous = corrected;
        current = next;
        while (outputs.size() > order) {
          workspace.discard(outputs.remove(outputs.size() - 1));
        }
        listener.onStep(i + 1, steps);
      }
      workspace.discard(previous);
      for (NDArray m : outputs) {
        workspace.discard(m);
      }
      return workspace.finish(current);
    }
  }

  /**
   * One UniP step from level {@code i} to {@code i + 1} of order {@code p}, or, given the model
   * output at level {@code i + 1}, the UniC correction of that step.
   *
   * @param outputs model outputs, newest first; {@code outputs.get(0)} is at level {@code i} for
   *     the predictor, at level {@code i + 1} for the corrector (then {@code outputs.get(1)} is at
   *     level {@code i})
   */
  private NDArray update(
      NDArray x, double[] sigmas, int i, List<NDArray> outputs, int p, NDArray newOutput) {
    int base = newOutput == null ? 0 : 1;
    NDArray m0 = newOutput == null ? outputs.get(0) : outputs.get(1);
    double ratio = sigmas[i + 1] / sigmas[i];
    if (sigmas[i + 1] == 0) {
      return m0.duplicate();
    }
    double h = Math.log(sigmas[i] / sigmas[i + 1]);
    double hh = -h;
    double phi1 = Math.expm1(hh);
    double bh = variant == Variant.BH2 ? phi1 : hh;
    // Order conditions: rows j = 1…p, columns r_1 … r_{p−1}, 1.
    double[] r = new double[p];
    for (int k = 1; k < p; k++) {
      r[k - 1] = Math.log(sigmas[i] / sigmas[i - k]) / h;
    }
    r[p - 1] = 1;
    double[] b = new double[p];
    double phiK = phi1 / hh - 1;
    double factorial = 1;
    for (int j = 1; j <= p; j++) {
      b[j - 1] = phiK * factorial / bh;
      factorial *= j + 1;
      phiK = phiK / hh - 1 / factorial;
    }
    NDArray result = x.mul(ratio).subi(m0.mul(phi1));
    if (newOutput == null) {
      if (p == 1) {
        return result;
      }
      double[] rho = p == 2 ? new double[] {0.5} : solve(r, b, p - 1);
      for (int k = 1; k < p; k++) {
        NDArray dk = outputs.get(base + k).sub(m0).div(r[k - 1]);
        result = result.subi(dk.muli(bh * rho[k - 1]));
      }
      return result;
    }
    double[] rho = p == 1 ? new double[] {0.5} : solve(r, b, p);
    for (int k = 1; k < p; k++) {
      NDArray dk = outputs.get(base + k).sub(m0).div(r[k - 1]);
      result = result.subi(dk.muli(bh * rho[k - 1]));
    }
    return result.subi(newOutput.sub(m0).muli(bh * rho[p - 1]));
  }

  /** Solves {@code Σ_k w_k·r_k^{j−1} = b_j}, j = 1…n, by Gaussian elimination (n ≤ 3). */
  static double[] solve(double[] r, double[] b, int n) {
    double[][] a = new double[n][n + 1];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        a[j][k] = Math.pow(r[k], j);
      }
      a[j][n] = b[j];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double f = a[row][col] / a[col][col];
        for (int k = col; k <= n; k++) {
          a[row][k] -= f * a[col][k];
        }
      }
    }
    double[] w = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = a[row][n];
      for (int k = row + 1; k < n; k++) {
        sum -= a[row][k] * w[k];
      }
      w[row] = sum / a[row][row];
    }
    return w;
  }
}
