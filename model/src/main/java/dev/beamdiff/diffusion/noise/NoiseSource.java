package dev.beamdiff.diffusion.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Where samplers get their Gaussian noise. Draws are addressed by a stream number: {@link #INITIAL}
 * for the starting noise, {@link #step(int)} for the noise a stochastic sampler adds at a step.
 * {@link SeededNoise} derives every stream of every batch element from that element's seed; tests
 * can supply explicit arrays with a lambda.
 */
@FunctionalInterface
public interface NoiseSource {

  /** Stream of the starting noise {@code x_T} (and of the img2img perturbation). */
  long INITIAL = 0;

  /** Stream of the noise drawn at sampler step {@code step} (0-based). */
  static long step(int step) {
    return 1L + step;
  }

  /**
   * Standard normal noise.
   *
   * @param manager manager that owns the result
   * @param shape batch shape [B, …]
   * @param dataType floating type of the result
   * @param stream which draw (see {@link #INITIAL}, {@link #step(int)})
   * @return an array of i.i.d. N(0, 1) values
   */
  NDArray gaussian(NDManager manager, Shape shape, DataType dataType, long stream);
}
