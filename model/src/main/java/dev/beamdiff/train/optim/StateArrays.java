package dev.beamdiff.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** Restores optimizer-owned arrays (moments, averages) from saved values. */
final class StateArrays {
  private StateArrays() {}

  /**
   * Replaces every array of {@code state} with one holding {@code saved}'s values (same shape),
   * created in {@code manager}; {@code what} names the state in error messages.
   */
  static void replace(List<NDArray> state, List<float[]> saved, NDManager manager, String what) {
    if (saved.size() != state.size()) {
      throw new IllegalArgumentException(
          what + ": expected " + state.size() + " arrays, got " + saved.size());
    }
    for (int i = 0; i < state.size(); i++) {
      if (saved.get(i).length != state.get(i).size()) {
        throw new IllegalArgumentException(
            what
                + " of parameter "
                + i
                + ": expected "
                + state.get(i).size()
                + " values (shape "
                + state.get(i).getShape()
                + "), got "
                + saved.get(i).length);
      }
    }
    for (int i = 0; i < state.size(); i++) {
      NDArray old = state.get(i);
      state.set(i, manager.create(saved.get(i), old.getShape()));
      old.close();
    }
  }
}
