package dev.beamdiff.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.beamdiff.nn.Convolution2d;

/**
 * Doubles the resolution: nearest-neighbour upsampling by 2 (each pixel becomes a 2×2 block), then
 * a 3×3 convolution with padding 1 (DDPM {@code upsample} with {@code with_conv=True}, Ho et al.
 * 2020, Appendix B): [B, C, H, W] → [B, C, 2H, 2W]. Child: {@code conv}.
 */
public final class Upsample extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int NEAREST = 0;

  private final Convolution2d conv;

  /**
   * @param channels C, kept
   */
  public Upsample(int channels) {
    super(VERSION);
    conv = addChildBlock("conv", DdpmInit.glorot(Convolution2d.same(channels, 3, 1)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long[] size = {x.getShape().get(2) * 2, x.getShape().get(3) * 2};
    try (NDArray upsampled = x.getNDArrayInternal().interpolation(size, NEAREST, false)) {
      return conv.forward(ps, new NDList(upsampled), training);
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, doubled(inputShapes[0]));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(new Shape[] {doubled(inputShapes[0])});
  }

  private static Shape doubled(Shape x) {
    return new Shape(x.get(0), x.get(1), x.get(2) * 2, x.get(3) * 2);
  }
}
