package dev.beamdiff.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.beamdiff.nn.BlockParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parameters of an initialised block, by canonical name ({@code down0Res1.conv1.weight}: see
 * {@link BlockParameters#canonicalName}) in the block's order: what the optimizer updates, what
 * checkpoints store, and where saved weights are copied back to.
 */
public final class ModelParameters {
  private final List<String> names = new ArrayList<>();
  private final List<NDArray> arrays = new ArrayList<>();
  private final List<String> trainableNames = new ArrayList<>();
  private final List<NDArray> trainable = new ArrayList<>();

  /** Reads the parameters of {@code block}, which must be initialised. */
  public ModelParameters(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter parameter = p.getValue();
      if (!parameter.isInitialized()) {
        throw new IllegalStateException(
            "parameter " + p.getKey() + " is not initialised; initialise the block first");
      }
      names.add(BlockParameters.canonicalName(p.getKey()));
      arrays.add(parameter.getArray());
      if (parameter.requiresGradient()) {
        trainableNames.add(BlockParameters.canonicalName(p.getKey()));
        trainable.add(parameter.getArray());
      }
    }
  }

  /** Names of all parameters. */
  public List<String> names() {
    return Collections.unmodifiableList(names);
  }

  /** All parameter arrays (live). */
  public List<NDArray> arrays() {
    return Collections.unmodifiableList(arrays);
  }

  /** Names of the parameters that are trained. */
  public List<String> trainableNames() {
    return Collections.unmodifiableList(trainableNames);
  }

  /** Arrays of the parameters that are trained (live). */
  public List<NDArray> trainable() {
    return Collections.unmodifiableList(trainable);
  }

  /** Number of trained scalars. */
  public long trainableCount() {
    long n = 0;
    for (NDArray a : trainable) {
      n += a.size();
    }
    return n;
  }

  /**
   * The gradients of the trained parameters after a backward pass. Each is a new handle on the
   * gradient storage: close them (or open an {@code NDScope} around the call).
   */
  public List<NDArray> gradients() {
    List<NDArray> gradients = new ArrayList<>(trainable.size());
    for (NDArray a : trainable) {
      gradients.add(a.getGradient());
    }
    return gradients;
  }

  /** A heap copy of all parameters. */
  public TensorSet snapshot() {
    return TensorSet.copyOf(names, arrays);
  }

  /** Overwrites all parameters in place with the values of {@code sources}, in parameter order. */
  public void copyFrom(List<NDArray> sources) {
    if (sources.size() != arrays.size()) {
      throw new IllegalArgumentException(
          "expected " + arrays.size() + " parameter values, got " + sources.size());
    }
    for (int i = 0; i < arrays.size(); i++) {
      if (!sources.get(i).getShape().equals(arrays.get(i).getShape())) {
        throw new IllegalArgumentException(
            names.get(i)
                + ": value of shape "
                + sources.get(i).getShape()
                + " for a parameter of shape "
                + arrays.get(i).getShape());
      }
      arrays.get(i).set(new NDIndex("..."), sources.get(i));
    }
  }

  /** Overwrites all parameters in place with {@code saved}, which must match name for name. */
  public void load(TensorSet saved, String what) {
    List<float[]> values = saved.valuesFor(names, arrays, what);
    for (int i = 0; i < names.size(); i++) {
      new FloatTensor(arrays.get(i).getShape().getShape(), values.get(i))
          .copyInto(arrays.get(i), names.get(i));
    }
  }
}
