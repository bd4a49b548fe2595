package dev.beamdiff.data.idx;

import java.util.Arrays;

/**
 * An unsigned-byte tensor read from an IDX file: {@code dims} (outermost first) and the values in
 * row-major order. MNIST-style image files are {@code [n, rows, cols]}, label files {@code [n]}.
 */
public record IdxArray(int[] dims, byte[] data) {

  public IdxArray {
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    if (size != data.length) {
      throw new IllegalArgumentException(
          "dims " + Arrays.toString(dims) + " need " + size + " values, got " + data.length);
    }
  }

  /** Size of the outermost dimension (the number of items). */
  public int count() {
    return dims[0];
  }

  /** Value at flat index {@code i} as an unsigned int in [0, 255]. */
  public int unsigned(int i) {
    return data[i] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxArray other
        && Arrays.equals(dims, other.dims)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "IdxArray" + Arrays.toString(dims);
  }
}
