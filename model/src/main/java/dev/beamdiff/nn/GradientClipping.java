package dev.beamdiff.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping by global norm (Pascanu, Mikolov &amp; Bengio 2013, "On the difficulty of
 * training recurrent neural networks", Algorithm 2, applied to all parameters at once, as {@code
 * torch.nn.utils.clip_grad_norm_} does):
 *
 * <pre>
 *   ‖g‖ = √( Σ_p Σ_i g_{p,i}² ),    g_p ← g_p · min(1, c / (‖g‖ + 10⁻⁶))
 * </pre>
 *
 * <p>DJL's own {@code optClipGrad} is element-wise and, on the PyTorch engine, clamps only the
 * upper bound, so it is no substitute. This runs entirely on the gradients' device: the scale is an
 * array, not a host value, so clipping does not wait for the device. Call it between {@code
 * backward} and the optimiser step. With several devices DJL keeps per-device gradient copies in
 * its parameter store; this clips the gradients of the parameters' own arrays (one device).
 */
public final class GradientClipping {
  private static final float EPSILON = 1e-6f;

  private GradientClipping() {}

  /**
   * Clips the gradients of every parameter of {@code block} that requires one.
   *
   * @param block an initialised block after backward
   * @param maxNorm c &gt; 0
   * @param manager the manager the returned norm is attached to
   * @return ‖g‖ before clipping, a scalar array
   */
  public static NDArray clipByGlobalNorm(Block block, float maxNorm, NDManager manager) {
    List<NDArray> weights = new ArrayList<>();
    for (Parameter parameter : block.getParameters().values()) {
      if (parameter.requiresGradient() && parameter.isInitialized()) {
        weights.add(parameter.getArray());
      }
    }
    return clipByGlobalNorm(weights, maxNorm, manager);
  }

  /**
   * Clips the gradients attached to {@code weights} in place.
   *
   * @param weights arrays with gradients (after backward)
   * @param maxNorm c &gt; 0
   * @param manager the manager the returned norm is attached to
   * @return ‖g‖ before clipping, a scalar array
   */
  public static NDArray clipByGlobalNorm(List<NDArray> weights, float maxNorm, NDManager manager) {
    if (!(maxNorm > 0f)) {
      throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
    }
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("no gradients to clip");
    }
    try (NDManager scratch = manager.newSubManager()) {
      NDList gradients = new NDList(weights.size());
      NDList norms = new NDList(weights.size());
      for (NDArray weight : weights) {
        NDArray gradient = weight.getGradient();
        gradient.attach(scratch);
        gradients.add(gradient);
        norms.add(gradient.norm());
      }
      NDArray total = NDArrays.stack(norms).norm();
      NDArray denominator = total.add(EPSILON);
      NDArray scale = denominator.getNDArrayInternal().rdiv(maxNorm).minimum(1f);
      for (NDArray gradient : gradients) {
        gradient.muli(scale);
      }
      total.attach(manager);
      return total;
    }
  }
}
