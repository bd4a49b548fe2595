package dev.beamdiff.diffusion.sampling;

/** Progress callback of a {@link Sampler}: called after each completed step. */
@FunctionalInterface
public interface StepListener {
  /** Ignores progress. */
  StepListener NONE = (done, total) -> {};

  /**
   * @param completed steps done so far (1 … total)
   * @param total steps in the grid
   */
  void onStep(int completed, int total);
}
