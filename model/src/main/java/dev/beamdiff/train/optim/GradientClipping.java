package dev.beamdiff.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Clipping by the global gradient norm (Pascanu, Mikolov &amp; Bengio, "On the difficulty of
 * training recurrent neural networks", ICML 2013, Algorithm 1): with ‖g‖ = √(Σᵢ ‖gᵢ‖²) over all
 * parameter gradients, every gradient is scaled by c / (‖g‖ + 10⁻⁶) when ‖g‖ exceeds the threshold
 * c, which keeps the update direction and bounds its length. Matches {@code
 * torch.nn.utils.clip_grad_norm_}. (DJL's {@code optClipGrad} clips each element, and on PyTorch
 * only from above, so it is not used.)
 */
public final class GradientClipping {
  private final double maxNorm;

  /** Clipping at {@code maxNorm}; {@link Double#POSITIVE_INFINITY} only measures the norm. */
  public GradientClipping(double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("gradient clipping norm must be > 0, got " + maxNorm);
    }
    this.maxNorm = maxNorm;
  }

  public double maxNorm() {
    return maxNorm;
  }

  /** The global L2 norm √(Σᵢ ‖gᵢ‖²); NaN or infinite if any gradient is. */
  public static double globalNorm(List<NDArray> gradients) {
    if (gradients.isEmpty()) {
      return 0;
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDList squares = new NDList(gradients.size());
      for (NDArray g : gradients) {
        squares.add(g.square().sum());
      }
      double total = 0;
      for (float square : NDArrays.stack(squares).toFloatArray()) {
        total += square;
      }
      return Math.sqrt(total);
    }
  }

  /**
   * Scales {@code gradients} in place so their global norm is at most the threshold and returns the
   * norm they had before. Non-finite gradients are left untouched (the caller decides what a NaN
   * means).
   */
  public double clip(List<NDArray> gradients) {
    double norm = globalNorm(gradients);
    if (Double.isFinite(norm) && norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (NDArray g : gradients) {
        g.muli(scale);
      }
    }
    return norm;
  }
}
