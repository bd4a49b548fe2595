package dev.beamdiff.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

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
 * <p>Why not DJL's {@code Conv2d}: DJL 0.36's CPU libtorch 2.7.1 (oneDNN 3.7.1) computes a k&gt;1
 * convolution on channel blocks (16 channels with AVX-512, 8 with AVX2) and does not zero the
 * padding lanes of a partly filled block in two places, so whatever the allocator left there (now
 * and then a NaN bit pattern: 0 · NaN = NaN) leaks into real results:
 *
 * <ol>
 *   <li>the <em>forward</em> pass, when C_in is larger than a block and not a multiple of it (C_in
 *       = 24 on AVX-512, 12 on AVX2): the reordered weights' input-channel padding is garbage.
 *       Measured: a random UNet with a 16+8 channel skip concatenation gave NaN in 14 of 3,000
 *       forward passes; a lone convolution gave NaN in 87–100 of 100 calls once the allocator had
 *       held NaN blocks of the reordered kernel's size;
 *   <li>the <em>input gradient</em>, when C_out is not a multiple of 16: the upstream gradient's
 *       padding lanes are garbage.
 * </ol>
 *
 * <p>So this block pads itself with zeros to whole 16-channel blocks where it matters: the input
 * and the kernel's input channels when C_in &gt; 8 is not a multiple of 16 (always), and the
 * kernel's filters when C_out is not a multiple of 16 (only while autograd records, inside a {@code
 * GradientCollector}); it returns the real channels. The result is the same convolution; the cost
 * is the padded channels, and only for widths off the 16-channel grid ({@code fmnist-small} and
 * {@code cifar-ddpm} never pay it). 1×1 convolutions take another oneDNN path and are not affected.
 * C_in ≤ 8 (image inputs) is read unblocked.
 */
public final class Convolution2d extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final int CHANNEL_BLOCK = 16;

  /** Input widths up to this are read unblocked by oneDNN (first-layer path): no padding bug. */
  private static final int UNBLOCKED_INPUT_CHANNELS = 8;

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
    int inChannels = Math.toIntExact(x.getShape().get(1));
    int missingIn = inChannels > UNBLOCKED_INPUT_CHANNELS ? toWholeBlocks(inChannels) : 0;
    int missingOut = gradientsRecorded(x, training) ? toWholeBlocks(filters) : 0;
    if (kernel == 1 || (missingIn == 0 && missingOut == 0)) {
      return new NDList(convolve(x, w, b));
    }
    List<NDArray> padded = new ArrayList<>();
    try {
      if (missingIn > 0) {
        x = keep(padded, x.concat(keep(padded, zeroChannels(x, missingIn, 1)), 1));
        w = keep(padded, w.concat(keep(padded, zeroChannels(w, missingIn, 1)), 1));
      }
      if (missingOut > 0) {
        w = keep(padded, keep(padded, zeroChannels(w, missingOut, 0)).concat(w, 0));
        b = keep(padded, keep(padded, zeroChannels(b, missingOut, 0)).concat(b, 0));
      }
      NDArray y = convolve(x, w, b);
      if (missingOut == 0) {
        return new NDList(y);
      }
      return new NDList(keep(padded, y).get(new NDIndex(":, {}:", missingOut)));
    } finally {
      padded.forEach(NDArray::close);
    }
  }

  /** Zero channels to add to {@code channels} to fill whole 16-channel blocks. */
  private static int toWholeBlocks(int channels) {
    return (CHANNEL_BLOCK - channels % CHANNEL_BLOCK) % CHANNEL_BLOCK;
  }

  /** Zeros shaped like {@code like} but with {@code count} entries along {@code axis}. */
  private static NDArray zeroChannels(NDArray like, int count, int axis) {
    long[] shape = like.getShape().getShape().clone(); // DJL hands out its own array
    shape[axis] = count;
    return like.getManager().zeros(new Shape(shape), like.getDataType(), like.getDevice());
  }

  private static NDArray keep(List<NDArray> temporaries, NDArray array) {
    temporaries.add(array);
    return array;
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
