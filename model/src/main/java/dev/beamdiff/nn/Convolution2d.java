package dev.beamdiff.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution with bias over NCHW input, square kernel k, stride s and zero padding p:
 *
 * <pre>
 *   y[n, o, i, j] = b[o] + Σ_c Σ_{u,v &lt; k} W[o, c, u, v] · x[n, c, s·i + u − p, s·j + v − p]
 * </pre>
 *
 * <p>(Goodfellow, Bengio &amp; Courville 2016, "Deep Learning", Eq. 9.7, with bias, stride and
 * padding). Parameters {@code weight} [C_out, C_in, k, k] and {@code bias} [C_out], as in DJL's own
 * {@code Conv2d} and {@code torch.nn.Conv2d}.
 *
 * <p>Why not DJL's {@code Conv2d}: with DJL 0.36's CPU libtorch 2.7.1 (oneDNN 3.7.1) on AVX-512
 * machines, the <em>input</em> gradient of a k&gt;1 convolution whose C_out is not a multiple of 16
 * is wrong (garbage or NaN; the weight gradient and the forward pass are right). oneDNN works on
 * channel blocks of 16 and the padding lanes of the upstream gradient are not zeroed. So while
 * autograd records (inside a {@code GradientCollector}) and C_out is not a multiple of 16, this
 * block convolves with the kernel padded by zero filters up to the next multiple of 16 and returns
 * the real channels, which keeps every block of the upstream gradient fully defined. The result is
 * the same convolution; the cost is the padded filters, in training only. 1×1 convolutions take
 * another oneDNN path and are not affected.
 */
public final class Convolution2d extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int CHANNEL_BLOCK = 16;

  private final int filters;
  private final int kernel;
  private final Shape stride;
  private final Shape padding;
  private final Shape dilation = new Shape(1, 1);
  private final Parameter weight;
  private final Parameter bias;

  /**
   * @param filters C_out
   * @param kernel k
   * @param stride s
   * @param padding p
   */
  public Convolution2d(int filters, int kernel, int stride, int padding) {
    super(VERSION);
    if (filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "Convolution2d needs filters, kernel, stride >= 1 and padding >= 0, got "
              + filters
              + ", "
              + kernel
              + ", "
              + stride
              + ", "
              + padding);
    }
    this.filters = filters;
    this.kernel = kernel;
    this.stride = new Shape(stride, stride);
    this.padding = new Shape(padding, padding);
    weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
  }

  /** A k×k convolution with "same" padding (k/2) and the given stride. */
  public static Convolution2d same(int filters, int kernel, int stride) {
    return new Convolution2d(filters, kernel, stride, kernel / 2);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkInput(x.getShape());
    NDArray w = ps.getValue(weight, x.getDevice(), training);
    NDArray b = ps.getValue(bias, x.getDevice(), training);
    int missing = (CHANNEL_BLOCK - filters % CHANNEL_BLOCK) % CHANNEL_BLOCK;
    if (missing == 0 || kernel == 1 || !gradientsRecorded(x, training)) {
      return new NDList(convolve(x, w, b));
    }
    NDManager manager = x.getManager();
    Shape w0 = w.getShape();
    try (NDArray zeroFilters =
            manager.zeros(
                new Shape(missing, w0.get(1), w0.get(2), w0.get(3)),
                w.getDataType(),
                x.getDevice());
        NDArray zeroBias = manager.zeros(new Shape(missing), b.getDataType(), x.getDevice());
        NDArray paddedW = zeroFilters.concat(w, 0);
        NDArray paddedB = zeroBias.concat(b, 0);
        NDArray padded = convolve(x, paddedW, paddedB)) {
      return new NDList(padded.get(new NDIndex(":, {}:", missing)));
    }
  }

  /** Whether autograd records this call (PyTorch grad mode, on inside a GradientCollector). */
  private static boolean gradientsRecorded(NDArray x, boolean training) {
    return x instanceof PtNDArray ? JniUtils.isGradMode() : training;
  }

  private NDArray convolve(NDArray x, NDArray w, NDArray b) {
    return x.getNDArrayInternal().convolution(x, w, b, stride, padding, dilation, 1).head();
  }

  private static void checkInput(Shape x) {
    if (x.dimension() != 4) {
      throw new IllegalArgumentException("Convolution2d expects NCHW input [B, C, H, W], got " + x);
    }
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    checkInput(x);
    weight.setShape(new Shape(filters, x.get(1), kernel, kernel));
    bias.setShape(new Shape(filters));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), filters, outSize(x.get(2)), outSize(x.get(3)))};
  }

  private long outSize(long in) {
    return (in + 2 * padding.get(0) - kernel) / stride.get(0) + 1;
  }
}
