package dev.beamdiff.nn.unet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.beamdiff.nn.Convolution2d;

/**
 * Halves the resolution with a learned 3×3 convolution of stride 2 and padding 1 (DDPM {@code
 * downsample} with {@code with_conv=True}, Ho et al. 2020, Appendix B): [B, C, H, W] → [B, C,
 * ⌈H/2⌉, ⌈W/2⌉]. The reference code pads asymmetrically (TensorFlow "SAME"); this pads 1 on every
 * side, as the PyTorch ports do. Child: {@code conv}.
 */
public final class Downsample extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Convolution2d conv;

  /**
   * @param channels C, kept
   */
  public Downsample(int channels) {
    super(VERSION);
    conv = addChildBlock("conv", DdpmInit.glorot(Convolution2d.same(channels, 3, 2)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return conv.forward(ps, inputs, training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(inputShapes);
  }
}
