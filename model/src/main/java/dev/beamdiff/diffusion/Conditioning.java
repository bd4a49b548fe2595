package dev.beamdiff.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Extra network inputs that accompany a batch (class labels, text embeddings, …), each with the
 * batch as its leading dimension. Classifier-free guidance {@linkplain #concat concatenates} a
 * conditional and an unconditional (null-label) conditioning into one doubled batch.
 */
public final class Conditioning {
  private static final Conditioning NONE = new Conditioning(List.of());

  private final List<NDArray> inputs;

  private Conditioning(List<NDArray> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  /** No conditioning: an unconditional model. */
  public static Conditioning none() {
    return NONE;
  }

  /** Conditioning made of the given arrays, all with the same leading (batch) dimension. */
  public static Conditioning of(NDArray... inputs) {
    if (inputs.length == 0) {
      return NONE;
    }
    long batch = inputs[0].getShape().get(0);
    for (NDArray input : inputs) {
      if (input.getShape().dimension() == 0 || input.getShape().get(0) != batch) {
        throw new IllegalArgumentException(
            "conditioning inputs: expected leading dimension "
                + batch
                + " on every input, got shape "
                + input.getShape());
      }
    }
    return new Conditioning(List.of(inputs));
  }

  /** True if there are no inputs. */
  public boolean isEmpty() {
    return inputs.isEmpty();
  }

  /** Number of inputs. */
  public int size() {
    return inputs.size();
  }

  /** The input at {@code index}. */
  public NDArray get(int index) {
    if (index < 0 || index >= inputs.size()) {
      throw new IndexOutOfBoundsException(
          "conditioning input " + index + ": only " + inputs.size() + " present");
    }
    return inputs.get(index);
  }

  /** All inputs, in order. */
  public List<NDArray> inputs() {
    return inputs;
  }

  /** Batch size of the inputs, or -1 when there are none. */
  public long batchSize() {
    return inputs.isEmpty() ? -1 : inputs.get(0).getShape().get(0);
  }

  /**
   * Input-wise concatenation along the batch axis: {@code [this; other]}. Both must have the same
   * number of inputs.
   */
  public Conditioning concat(Conditioning other) {
    if (other.size() != size()) {
      throw new IllegalArgumentException(
          "conditioning: cannot concatenate "
              + size()
              + " inputs with "
              + other.size()
              + " (the unconditional conditioning must mirror the conditional one)");
    }
    List<NDArray> joined = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      joined.add(inputs.get(i).concat(other.inputs.get(i), 0));
    }
    return new Conditioning(joined);
  }
}
