package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Memory discipline of a sampling run. State that lives across steps (the current sample, a
 * multistep method's history) is kept in a run manager; each step opens a sub-manager, temporarily
 * attaches the arrays it reads so every intermediate result lands there, and is closed at the end
 * of the step, freeing all intermediates. The caller's input array is never closed.
 */
final class Workspace implements AutoCloseable {
  private final NDArray input;
  private final NDManager caller;
  private final NDManager run;

  Workspace(NDArray input) {
    this.input = input;
    this.caller = input.getManager();
    this.run = caller.newSubManager();
  }

  /**
   * Opens a step scope; the given arrays (nulls ignored) are attached to it until it closes, then
   * return to their own managers.
   */
  NDManager step(NDArray... inUse) {
    NDManager step = run.newSubManager();
    Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (NDArray array : inUse) {
      if (array != null && seen.add(array)) {
        array.tempAttach(step);
      }
    }
    return step;
  }

  /** Moves an array made in a step into the run, so it survives the step. */
  NDArray keep(NDArray array) {
    array.attach(run);
    return array;
  }

  /** Frees a kept array that is no longer needed (never the caller's input). */
  void discard(NDArray array) {
    if (array != null && array != input) {
      array.close();
    }
  }

  /** Hands the result to the caller's manager. */
  NDArray finish(NDArray result) {
    NDArray owned = result == input ? input.duplicate() : result;
    owned.attach(caller);
    return owned;
  }

  @Override
  public void close() {
    run.close();
  }
}
