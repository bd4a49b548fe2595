package dev.beamdiff.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.io.Npy;
import java.io.IOException;
import java.util.Arrays;

/**
 * A float32 tensor held on the Java heap: a shape and its values in row-major order. Equality is
 * bit-for-bit on the values, so two tensors are equal exactly when training reproduced them.
 */
public record FloatTensor(long[] shape, float[] values) {

  public FloatTensor {
    shape = shape.clone();
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor dimensions must be >= 0, got " + Arrays.toString(shape));
      }
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + Arrays.toString(shape)
              + " needs "
              + count
              + " values, got "
              + values.length);
    }
  }

  /** This tensor as a {@code .npy} file (float32, C order). */
  public byte[] toNpy() {
    return Npy.float32(values, values.length, shape);
  }

  /**
   * Reads a float32 {@code .npy} file; {@code name} labels errors.
   *
   * @throws IOException if it is not a {@code .npy} file or holds another dtype
   */
  public static FloatTensor fromNpy(String name, byte[] bytes) throws IOException {
    Npy.Array array = Npy.read(name, bytes);
    if (array.floats() == null) {
      throw new IOException(name + ": expected a float32 array ('<f4'), found another dtype");
    }
    return new FloatTensor(array.shape(), array.floats());
  }

  /** Copies {@code array} (float32) to the heap. */
  public static FloatTensor of(NDArray array) {
    if (array.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "expected a float32 array, got " + array.getDataType() + " for " + array.getName());
    }
    return new FloatTensor(array.getShape().getShape(), array.toFloatArray());
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public Shape djlShape() {
    return new Shape(shape);
  }

  /** A new array in {@code manager} holding these values. */
  public NDArray toNDArray(NDManager manager) {
    return manager.create(values, djlShape());
  }

  /**
   * Overwrites {@code target} in place with these values (it keeps its identity, so a block
   * parameter stays wired to its block); the shapes must match.
   */
  public void copyInto(NDArray target, String name) {
    if (!target.getShape().equals(djlShape())) {
      throw new IllegalArgumentException(
          name
              + ": saved shape "
              + djlShape()
              + " does not match the model's "
              + target.getShape());
    }
    try (NDArray source = target.getManager().create(values, djlShape())) {
      target.set(new NDIndex("..."), source);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
