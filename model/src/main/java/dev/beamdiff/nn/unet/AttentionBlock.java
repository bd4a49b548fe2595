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
import dev.beamdiff.nn.GroupNorm;

/**
 * Multi-head self-attention over the H·W positions of a feature map, with a residual connection
 * (the DDPM {@code attn_block}, Ho et al. 2020, Appendix B, which is single-headed; heads as in
 * Vaswani et al. 2017, Eq. 1 and §3.2.2):
 *
 * <pre>
 *   [q; k; v] = W_qkv · GN(x) + b_qkv                  (one fused 1×1 convolution, C → 3C)
 *   A_h       = softmax( q_hᵀ k_h / √d )                per head h, d = C / heads, over positions
 *   out       = x + W_o · concat_h( v_h A_hᵀ ) + b_o     (1×1 convolution, zero-initialised)
 * </pre>
 *
 * <p>The 3C output channels of {@code qkv} are ordered (head, {q, k, v}, d): channel h·3d + j·d + i
 * is component i of the query (j = 0), key (1) or value (2) of head h. With that order the per-head
 * q, k and v are strided views of one tensor and the two batched matrix products read them without
 * copies. The scale 1/√d is a device array: DJL's {@code mul(Number)} wraps the number in an array
 * backed by a Java buffer that the garbage collector may free before backward reads it, which
 * corrupts the gradient. Input and output: {@code NDList(x [B, C, H, W])}. Children: {@code norm},
 * {@code qkv}, {@code proj}.
 */
public final class AttentionBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int channels;
  private final int heads;
  private final GroupNorm norm;
  private final Convolution2d qkv;
  private final Convolution2d proj;

  /**
   * @param channels C
   * @param heads the number of heads; must divide C
   * @param groups the GroupNorm groups; must divide C
   * @param epsilon the GroupNorm ε
   */
  public AttentionBlock(int channels, int heads, int groups, float epsilon) {
    super(VERSION);
    if (channels < 1 || heads < 1 || channels % heads != 0 || channels % groups != 0) {
      throw new IllegalArgumentException(
          "AttentionBlock channels must be divisible by heads and groups, got channels="
              + channels
              + ", heads="
              + heads
              + ", groups="
              + groups);
    }
    this.channels = channels;
    this.heads = heads;
    norm = addChildBlock("norm", new GroupNorm(groups, epsilon));
    qkv = addChildBlock("qkv", DdpmInit.glorot(Convolution2d.same(3 * channels, 1, 1)));
    proj = addChildBlock("proj", DdpmInit.zero(Convolution2d.same(channels, 1, 1)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape shape = x.getShape();
    checkInput(shape);
    long batch = shape.get(0);
    long positions = shape.get(2) * shape.get(3);
    long headDim = channels / heads;
    NDArray mixed;
    try (NDArray normed = norm.forward(ps, new NDList(x), training).head();
        NDArray projected = qkv.forward(ps, new NDList(normed), training).head();
        NDArray perHead = projected.reshape(batch * heads, 3 * headDim, positions);
        NDList qkvViews = perHead.split(3, 1);
        NDArray scale =
            x.getManager()
                .full(
                    new Shape(),
                    (float) (1.0 / Math.sqrt(headDim)),
                    x.getDataType(),
                    x.getDevice());
        NDArray query = qkvViews.get(0).mul(scale);
        NDArray queryT = query.transpose(0, 2, 1);
        NDArray scores = queryT.matMul(qkvViews.get(1));
        NDArray weights = scores.softmax(2);
        NDArray weightsT = weights.transpose(0, 2, 1)) {
      mixed = qkvViews.get(2).matMul(weightsT);
    }
    NDArray out;
    try (NDArray perHeadOut = mixed;
        NDArray attended = perHeadOut.reshape(shape)) {
      out = proj.forward(ps, new NDList(attended), training).head();
    }
    out.addi(x);
    return new NDList(out);
  }

  private void checkInput(Shape x) {
    if (x.dimension() != 4 || x.get(1) != channels) {
      throw new IllegalArgumentException(
          "AttentionBlock expects x of shape [B, " + channels + ", H, W], got " + x);
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape x = inputShapes[0];
    checkInput(x);
    norm.initialize(manager, dataType, x);
    qkv.initialize(manager, dataType, x);
    proj.initialize(manager, dataType, x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
