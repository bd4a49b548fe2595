package dev.beamdiff.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.beamdiff.nn.Convolution2d;
import dev.beamdiff.nn.GroupNorm;
import dev.beamdiff.nn.Silu;

/**
 * The residual block of the DDPM UNet (Ho et al. 2020, Appendix B; the Wide-ResNet block of
 * Zagoruyko &amp; Komodakis 2016 in pre-activation form, He et al. 2016, with the noise-level
 * embedding added after the first convolution):
 *
 * <pre>
 *   h   = Conv3×3₁( SiLU( GN₁(x) ) ) + W_e · s + b_e          (s = SiLU(emb), broadcast over H, W)
 *   out = skip(x) + Conv3×3₂( Dropout( SiLU( GN₂(h) ) ) )
 * </pre>
 *
 * where skip is the identity when the channel count is kept and a 1×1 convolution otherwise. Input:
 * {@code NDList(x [B, C_in, H, W], s [B, E])}, where s is the already-activated embedding shared by
 * all blocks; output {@code NDList([B, C_out, H, W])}. Children: {@code norm1}, {@code conv1},
 * {@code embProj}, {@code norm2}, {@code conv2} (zero-initialised), {@code skip} (only if C_in ≠
 * C_out).
 */
public final class ResidualBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int inChannels;
  private final int outChannels;
  private final float dropout;
  private final GroupNorm norm1;
  private final Convolution2d conv1;
  private final Linear embProj;
  private final GroupNorm norm2;
  private final Convolution2d conv2;
  private final Convolution2d skip;

  /**
   * @param inChannels C_in
   * @param outChannels C_out
   * @param groups the GroupNorm groups; must divide C_in and C_out
   * @param epsilon the GroupNorm ε
   * @param dropout the dropout rate in [0, 1), active only in training
   */
  public ResidualBlock(int inChannels, int outChannels, int groups, float epsilon, float dropout) {
    super(VERSION);
    if (inChannels < 1
        || outChannels < 1
        || inChannels % groups != 0
        || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          "ResidualBlock channels must be >= 1 and divisible by groups="
              + groups
              + ", got in="
              + inChannels
              + ", out="
              + outChannels);
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.dropout = dropout;
    norm1 = addChildBlock("norm1", new GroupNorm(groups, epsilon));
    conv1 = addChildBlock("conv1", DdpmInit.glorot(Convolution2d.same(outChannels, 3, 1)));
    embProj =
        addChildBlock("embProj", DdpmInit.glorot(Linear.builder().setUnits(outChannels).build()));
    norm2 = addChildBlock("norm2", new GroupNorm(groups, epsilon));
    conv2 = addChildBlock("conv2", DdpmInit.zero(Convolution2d.same(outChannels, 3, 1)));
    skip =
        inChannels == outChannels
            ? null
            : addChildBlock("skip", DdpmInit.glorot(Convolution2d.same(outChannels, 1, 1)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray embedding = inputs.get(1);
    checkInput(x.getShape());
    NDArray h;
    try (NDArray normed = norm1.forward(ps, new NDList(x), training).head();
        NDArray activated = Silu.silu(normed)) {
      h = conv1.forward(ps, new NDList(activated), training).head();
    }
    try (NDArray projected = embProj.forward(ps, new NDList(embedding), training).head();
        NDArray perChannel = projected.reshape(x.getShape().get(0), outChannels, 1, 1)) {
      h.addi(perChannel); // in place on a convolution output: autograd does not need it
    }
    NDArray activated;
    try (NDArray first = h;
        NDArray normed = norm2.forward(ps, new NDList(first), training).head()) {
      activated = Silu.silu(normed);
    }
    if (training && dropout > 0f) {
      try (NDArray kept = activated) {
        activated = kept.getNDArrayInternal().dropout(kept, dropout, true).head();
      }
    }
    NDArray out;
    try (NDArray input = activated) {
      out = conv2.forward(ps, new NDList(input), training).head();
    }
    if (skip == null) {
      out.addi(x);
    } else {
      try (NDArray shortcut = skip.forward(ps, new NDList(x), training).head()) {
        out.addi(shortcut);
      }
    }
    return new NDList(out);
  }

  private void checkInput(Shape x) {
    if (x.dimension() != 4 || x.get(1) != inChannels) {
      throw new IllegalArgumentException(
          "ResidualBlock expects x of shape [B, " + inChannels + ", H, W], got " + x);
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    checkInput(x);
    Shape h = new Shape(x.get(0), outChannels, x.get(2), x.get(3));
    norm1.initialize(manager, dataType, x);
    conv1.initialize(manager, dataType, x);
    embProj.initialize(manager, dataType, inputShapes[1]);
    norm2.initialize(manager, dataType, h);
    conv2.initialize(manager, dataType, h);
    if (skip != null) {
      skip.initialize(manager, dataType, x);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
  }
}
