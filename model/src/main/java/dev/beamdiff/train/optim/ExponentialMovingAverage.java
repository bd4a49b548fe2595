package dev.beamdiff.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shadow copies of the weights, updated after every optimizer step as θ̄ ← β·θ̄ + (1 − β)·θ = θ̄ +
 * (1 − β)(θ − θ̄), with β from {@link EmaDecay}. Samples are drawn from θ̄: EMA weights change FID
 * a great deal (DDPM's reference code; Nichol &amp; Dhariwal 2021 use them throughout).
 */
public final class ExponentialMovingAverage implements AutoCloseable {
  private final EmaDecay decay;
  private final NDManager manager;
  private final List<NDArray> parameters;
  private final List<NDArray> shadow = new ArrayList<>();

  /** Shadows of {@code parameters}, starting equal to them, kept in {@code manager}. */
  public ExponentialMovingAverage(List<NDArray> parameters, EmaDecay decay, NDManager manager) {
    this.decay = decay;
    this.manager = manager;
    this.parameters = List.copyOf(parameters);
    for (NDArray p : this.parameters) {
      NDArray copy = manager.zeros(p.getShape(), p.getDataType());
      copy.addi(p);
      shadow.add(copy);
    }
  }

  public EmaDecay decay() {
    return decay;
  }

  /** θ̄, in parameter order; live arrays. */
  public List<NDArray> averages() {
    return Collections.unmodifiableList(shadow);
  }

  /** Folds the current weights in after optimizer update {@code n}; returns the β used. */
  public double update(long n) {
    double beta = decay.at(n);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray rate = manager.create((float) (1 - beta));
      for (int i = 0; i < shadow.size(); i++) {
        NDArray average = shadow.get(i);
        average.addi(parameters.get(i).sub(average).muli(rate));
      }
    }
    return beta;
  }

  /** Replaces the averages with saved values, in parameter order. */
  public void restore(List<float[]> saved) {
    StateArrays.replace(shadow, saved, manager, "EMA average");
  }

  @Override
  public void close() {
    shadow.forEach(NDArray::close);
  }
}
