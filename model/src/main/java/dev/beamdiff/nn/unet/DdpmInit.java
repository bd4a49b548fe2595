package dev.beamdiff.nn.unet;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The DDPM initialisation (Ho et al. 2020, reference code {@code diffusion_tf/nn.py} {@code
 * default_init}): every convolution and dense weight starts from U(−a, a) with a = √(3 / fan_avg),
 * fan_avg = (fan_in + fan_out)/2 counted with the kernel's receptive field (Glorot &amp; Bengio
 * 2010, Eq. 16); biases start at 0. The reference code scales the last convolution of each residual
 * branch, the attention output projection and the output convolution by 1e-10; BeamDiff starts them
 * at exactly 0, so every residual block starts as the identity (Goyal et al. 2017's zero-γ trick)
 * and the untrained network predicts 0.
 *
 * <p>These are per-parameter initialisers, applied when the block is initialised. A training
 * configuration that sets its own initialiser for {@code Parameter.Type.WEIGHT} replaces them.
 */
final class DdpmInit {
  /** Glorot/Xavier uniform over fan_avg: variance 1/fan_avg, bound √(3/fan_avg). */
  static final Initializer GLOROT_UNIFORM =
      new XavierInitializer(
          XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);

  private DdpmInit() {}

  /** Gives every weight of {@code block} the Glorot-uniform initialiser. */
  static <B extends Block> B glorot(B block) {
    block.setInitializer(GLOROT_UNIFORM, Parameter.Type.WEIGHT);
    return block;
  }

  /** Gives every weight of {@code block} the zero initialiser. */
  static <B extends Block> B zero(B block) {
    block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    return block;
  }
}
