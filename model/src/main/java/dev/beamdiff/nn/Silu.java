package dev.beamdiff.nn;

import ai.djl.ndarray.NDArray;

/**
 * The sigmoid-weighted linear unit SiLU(x) = x·σ(x) = x / (1 + e^(−x)) (Elfwing, Uchibe &amp; Doya
 * 2018, "Sigmoid-weighted linear units for neural network function approximation", Eq. 3; the Swish
 * of Ramachandran et al. 2017 with β = 1), the activation of the DDPM UNet.
 *
 * <p>DJL has no SiLU by name, and its {@code Activation.mish} is wrong on every engine (it uses
 * log₂ instead of ln), so BeamDiff uses this function everywhere.
 */
public final class Silu {
  private Silu() {}

  /**
   * Returns x·σ(x), attached to {@code x}'s manager; differentiable.
   *
   * @param x any floating-point array
   * @return a new array of the same shape
   */
  public static NDArray silu(NDArray x) {
    try (NDArray sigmoid = x.getNDArrayInternal().sigmoid()) {
      return x.mul(sigmoid);
    }
  }
}
