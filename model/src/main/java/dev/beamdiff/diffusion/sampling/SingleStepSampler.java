package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * A sampler whose step from level i to level i+1 needs only the current sample (a single-step
 * method, in the numerical-analysis sense); the loop and its memory scoping live here.
 */
abstract class SingleStepSampler implements Sampler {

  /**
   * One step, from {@code grid.level(i)} to {@code grid.level(i + 1)}.
   *
   * @param x current sample (attached to {@code scope})
   * @param scope manager of this step: create noise and temporaries here
   * @return the sample at level i+1
   */
  abstract NDArray step(
      X0Predictor model, NDArray x, SamplingGrid grid, int i, NoiseSource noise, NDManager scope);

  @Override
  public final NDArray sample(
      X0Predictor model, NDArray x, SamplingGrid grid, NoiseSource noise, StepListener listener) {
    int steps = grid.steps();
    try (Workspace workspace = new Workspace(x)) {
      NDArray current = x;
      for (int i = 0; i < steps; i++) {
        NDArray next;
        try (NDManager scope = workspace.step(current)) {
          next = workspace.keep(step(model, current, grid, i, noise, scope));
        }
        workspace.discard(current);
        current = next;
        listener.onStep(i + 1, steps);
      }
      return workspace.finish(current);
    }
  }

  /** {@code a·x + (1 − a)·d}: the interpolation every first-order update reduces to. */
  static NDArray blend(NDArray x, NDArray d, double a) {
    return x.mul(a).addi(d.mul(1 - a));
  }

  /** Standard normal noise shaped like {@code x}, from stream {@code step(i)}. */
  static NDArray noiseLike(NoiseSource noise, NDManager scope, NDArray x, int i) {
    return noise.gaussian(scope, x.getShape(), x.getDataType(), NoiseSource.step(i));
  }
}
