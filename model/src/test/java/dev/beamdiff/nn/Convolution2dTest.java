package dev.beamdiff.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("slow")
class Convolution2dTest {

  /**
   * Input and weight gradients of the float32 block against the float64 convolution (a different
   * libtorch kernel), for channel counts on and off oneDNN's 16-channel blocks.
   */
  @ParameterizedTest(name = "[{0},{1},{3},{3}] -> {2} channels, k={4}, stride {5}")
  @CsvSource({
    "8,32,1,14,3,1",
    "8,32,3,14,3,1",
    "3,8,4,8,3,1",
    "3,4,2,8,3,1",
    "2,4,20,9,3,2",
    "4,16,16,7,3,1",
    "2,32,48,6,3,2",
    "3,8,3,8,1,1"
  })
  void gradientsMatchTheDoublePrecisionConvolution(
      int batch, int in, int out, int size, int kernel, int stride) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Convolution2d conv = Convolution2d.same(out, kernel, stride);
      Shape xShape = new Shape(batch, in, size, size);
      conv.initialize(manager, DataType.FLOAT32, xShape);
      NDArray w = conv.getParameters().get("weight").getArray();
      NDArray b = conv.getParameters().get("bias").getArray();
      b.set(manager.randomNormal(b.getShape()).toFloatArray());
      NDArray x = manager.randomNormal(xShape);
      NDArray upstream = manager.randomNormal(conv.getOutputShapes(new Shape[] {xShape})[0]);
      x.setRequiresGradient(true);
      NDArray y;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        y = conv.forward(new ParameterStore(manager, false), new NDList(x), true).head();
        collector.backward(y.mul(upstream).sum());
      }

      NDArray x64 = x.toType(DataType.FLOAT64, false);
      NDArray w64 = w.toType(DataType.FLOAT64, false);
      NDArray b64 = b.toType(DataType.FLOAT64, false);
      for (NDArray leaf : new NDArray[] {x64, w64, b64}) {
        leaf.setRequiresGradient(true);
      }
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y64 =
            x64.getNDArrayInternal()
                .convolution(
                    x64,
                    w64,
                    b64,
                    new Shape(stride, stride),
                    new Shape(kernel / 2, kernel / 2),
                    new Shape(1, 1),
                    1)
                .head();
        NDAssertions.assertClose(y, y64, 1e-4);
        collector.backward(y64.mul(upstream.toType(DataType.FLOAT64, false)).sum());
      }
      assertThat(x.getGradient().isNaN().any().getBoolean()).as("NaN in dx").isFalse();
      NDAssertions.assertClose(x.getGradient(), x64.getGradient(), 1e-4);
      NDAssertions.assertClose(w.getGradient(), w64.getGradient(), 1e-4);
      NDAssertions.assertClose(b.getGradient(), b64.getGradient(), 1e-4);
    }
  }

  /**
   * The forward pass in inference mode for input widths off oneDNN's channel blocks (24 = 16 + 8, a
   * UNet skip concatenation). Before each call the allocator is made to hold NaN in blocks of the
   * reordered kernel's size; oneDNN's own padding of C_in reads such leftovers (0 · NaN = NaN) in
   * most calls, so without the block's zero padding this test fails.
   */
  @ParameterizedTest(name = "[{0},{1},{3},{3}] -> {2} channels, stride {4}")
  @CsvSource({"4,24,16,12,1", "4,24,8,12,2", "4,20,32,10,1", "4,36,16,9,1", "4,12,16,10,1"})
  void forwardIsExactWhateverTheAllocatorHeld(int batch, int in, int out, int size, int stride) {
    try (NDManager manager = NDManager.newBaseManager();
        InferenceMode inference = InferenceMode.enter()) {
      Convolution2d conv = Convolution2d.same(out, 3, stride);
      Shape xShape = new Shape(batch, in, size, size);
      conv.initialize(manager, DataType.FLOAT32, xShape);
      NDArray w64 = conv.getParameters().get("weight").getArray().toType(DataType.FLOAT64, false);
      NDArray b64 = conv.getParameters().get("bias").getArray().toType(DataType.FLOAT64, false);
      long blockedKernel = roundUp(out, 16) * roundUp(in, 16) * 9L;
      for (int call = 0; call < 20; call++) {
        NDArray x = manager.randomNormal(xShape);
        for (int multiple = 1; multiple <= 4; multiple++) {
          manager.full(new Shape(blockedKernel * multiple), Float.NaN).close();
        }
        NDArray y = conv.forward(new ParameterStore(manager, false), new NDList(x), false).head();
        NDArray x64 = x.toType(DataType.FLOAT64, false);
        NDArray y64 =
            x64.getNDArrayInternal()
                .convolution(
                    x64, w64, b64, new Shape(stride, stride), new Shape(1, 1), new Shape(1, 1), 1)
                .head();
        assertThat(y.isNaN().any().getBoolean()).as("NaN in call %d", call).isFalse();
        assertThat(x.getShape()).as("input shape after the call").isEqualTo(xShape);
        assertThat(conv.getParameters().get("weight").getArray().getShape())
            .as("kernel shape after the call")
            .isEqualTo(new Shape(out, in, 3, 3));
        NDAssertions.assertClose(y, y64, 1e-4);
      }
    }
  }

  private static long roundUp(long channels, int block) {
    return (channels + block - 1) / block * block;
  }
}
