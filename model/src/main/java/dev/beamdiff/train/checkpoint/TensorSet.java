package dev.beamdiff.train.checkpoint;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Named tensors in a fixed order (a model's parameters, their averages or moments). */
public final class TensorSet {
  private final Map<String, FloatTensor> tensors;

  public TensorSet(Map<String, FloatTensor> tensors) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** Copies {@code arrays} to the heap under {@code names} (same order and length). */
  public static TensorSet copyOf(List<String> names, List<NDArray> arrays) {
    if (names.size() != arrays.size()) {
      throw new IllegalArgumentException(names.size() + " names for " + arrays.size() + " arrays");
    }
    Map<String, FloatTensor> map = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (map.put(names.get(i), FloatTensor.of(arrays.get(i))) != null) {
        throw new IllegalArgumentException("duplicate tensor name " + names.get(i));
      }
    }
    return new TensorSet(map);
  }

  public Map<String, FloatTensor> asMap() {
    return tensors;
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  public FloatTensor get(String name) {
    return tensors.get(name);
  }

  public int size() {
    return tensors.size();
  }

  /**
   * The values of the tensors called {@code names}, in that order, after checking that this set
   * holds exactly those names and that each has the shape of the matching array in {@code like};
   * {@code what} names the set in error messages.
   */
  public List<float[]> valuesFor(List<String> names, List<NDArray> like, String what) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (!tensors.containsKey(name)) {
        missing.add(name);
      }
    }
    List<String> unexpected = new ArrayList<>(tensors.keySet());
    unexpected.removeAll(names);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new IllegalArgumentException(
          what
              + " do not match the model: missing "
              + missing
              + ", unexpected "
              + unexpected
              + " (was the checkpoint written for another network config?)");
    }
    List<float[]> values = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      FloatTensor tensor = tensors.get(names.get(i));
      if (!tensor.djlShape().equals(like.get(i).getShape())) {
        throw new IllegalArgumentException(
            what
                + ": "
                + names.get(i)
                + " has shape "
                + tensor.djlShape()
                + " in the checkpoint but "
                + like.get(i).getShape()
                + " in the model");
      }
      values.add(tensor.values());
    }
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSet t && tensors.equals(t.tensors);
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }

  @Override
  public String toString() {
    return "TensorSet" + tensors.keySet();
  }
}
