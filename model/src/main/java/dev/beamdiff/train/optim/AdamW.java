package dev.beamdiff.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Adam with decoupled weight decay (AdamW; Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019, Algorithm 2), applied in place to parameter arrays. Its state — the
 * step count and both moments — belongs to this class, so a checkpoint can save and restore it
 * exactly (DJL keeps its own Adam moments private and {@code Model.save} drops them).
 *
 * <p>Step t (1-based), gradient g, learning rate η_t (the schedule already applied):
 *
 * <pre>
 *   θ ← θ − η_t·λ·θ                                  (decoupled decay, on θ_{t−1})
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − η_t · m̂ / (√v̂ + ε),   m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
 * </pre>
 *
 * <p>The paper writes the update as θ ← θ − η_t(α·m̂/(√v̂+ε) + λθ) with a schedule multiplier η_t
 * and base rate α; like {@code torch.optim.AdamW} this class folds both into one learning rate and
 * scales λ by it, so its λ is the paper's λ/α. ε sits outside the square root of the bias-corrected
 * v̂, as in the paper and in PyTorch.
 */
public final class AdamW implements AutoCloseable {

  /** β₁, β₂, ε and the decoupled weight decay λ. */
  public record Hyperparameters(double beta1, double beta2, double epsilon, double weightDecay) {
    public Hyperparameters {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException(
            "AdamW betas must lie in [0, 1); got beta1=" + beta1 + ", beta2=" + beta2);
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("AdamW epsilon must be > 0, got " + epsilon);
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("AdamW weight decay must be >= 0, got " + weightDecay);
      }
    }

    /** β = (0.9, 0.999), ε = 1e-8, with the given weight decay. */
    public static Hyperparameters withWeightDecay(double weightDecay) {
      return new Hyperparameters(0.9, 0.999, 1e-8, weightDecay);
    }
  }

  private final Hyperparameters hyper;
  private final NDManager stateManager;
  private final List<NDArray> parameters;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long steps;

  /**
   * An optimizer over {@code parameters} (updated in place) with zero moments kept in {@code
   * stateManager}.
   */
  public AdamW(List<NDArray> parameters, Hyperparameters hyper, NDManager stateManager) {
    this.hyper = hyper;
    this.stateManager = stateManager;
    this.parameters = List.copyOf(parameters);
    for (NDArray p : this.parameters) {
      firstMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
      secondMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
    }
  }

  public Hyperparameters hyperparameters() {
    return hyper;
  }

  /** Number of updates applied so far (t of the last update). */
  public long steps() {
    return steps;
  }

  /** m, in parameter order; the arrays are live state, not copies. */
  public List<NDArray> firstMoments() {
    return Collections.unmodifiableList(firstMoments);
  }

  /** v, in parameter order; the arrays are live state, not copies. */
  public List<NDArray> secondMoments() {
    return Collections.unmodifiableList(secondMoments);
  }

  /** Replaces the state with a saved one: step count and both moments, in parameter order. */
  public void restore(long steps, List<float[]> first, List<float[]> second) {
    if (steps < 0) {
      throw new IllegalArgumentException("AdamW step count must be >= 0, got " + steps);
    }
    StateArrays.replace(firstMoments, first, stateManager, "AdamW first moment");
    StateArrays.replace(secondMoments, second, stateManager, "AdamW second moment");
    this.steps = steps;
  }

  /**
   * Applies one update with learning rate {@code learningRate} and gradients in parameter order.
   */
  public void step(List<NDArray> gradients, double learningRate) {
    if (gradients.size() != parameters.size()) {
      throw new IllegalArgumentException(
          "AdamW: expected " + parameters.size() + " gradients, got " + gradients.size());
    }
    long t = steps + 1;
    double b1 = hyper.beta1();
    double b2 = hyper.beta2();
    double biasCorrection1 = 1 - Math.pow(b1, t);
    double sqrtBiasCorrection2 = Math.sqrt(1 - Math.pow(b2, t));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      // The step's constants as 0-d arrays, made once rather than once per parameter and op.
      NDArray beta1 = scalar(b1);
      NDArray oneMinusBeta1 = scalar(1 - b1);
      NDArray beta2 = scalar(b2);
      NDArray oneMinusBeta2 = scalar(1 - b2);
      NDArray sqrtCorrection2 = scalar(sqrtBiasCorrection2);
      NDArray epsilon = scalar(hyper.epsilon());
      NDArray stepSize = scalar(learningRate / biasCorrection1);
      NDArray decay = scalar(1 - learningRate * hyper.weightDecay());
      for (int i = 0; i < parameters.size(); i++) {
        NDArray theta = parameters.get(i);
        NDArray g = gradients.get(i);
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        if (hyper.weightDecay() != 0) {
          theta.muli(decay);
        }
        m.muli(beta1).addi(g.mul(oneMinusBeta1));
        v.muli(beta2).addi(g.square().muli(oneMinusBeta2));
        NDArray denominator = v.sqrt().divi(sqrtCorrection2).addi(epsilon);
        theta.subi(m.div(denominator).muli(stepSize));
      }
    }
    steps = t;
  }

  private NDArray scalar(double value) {
    return stateManager.create((float) value);
  }

  @Override
  public void close() {
    firstMoments.forEach(NDArray::close);
    secondMoments.forEach(NDArray::close);
  }
}
