package dev.beamdiff.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Element-wise comparisons of arrays for the tests. */
public final class NDAssertions {
  private NDAssertions() {}

  /** Asserts equal shapes and |a − b| ≤ tolerance·(1 + |b|) for every element. */
  public static void assertClose(NDArray actual, NDArray expected, double tolerance) {
    assertThat(actual.getShape()).as("shape").isEqualTo(expected.getShape());
    float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
    float[] b = expected.toType(DataType.FLOAT32, false).toFloatArray();
    for (int i = 0; i < a.length; i++) {
      assertThat((double) a[i])
          .as("element %d of %s", i, actual.getShape())
          .isCloseTo(b[i], within(tolerance * (1 + Math.abs(b[i]))));
    }
  }

  /** Returns max |a − b| over all elements. */
  public static double maxAbsDifference(NDArray actual, NDArray expected) {
    float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
    float[] b = expected.toType(DataType.FLOAT32, false).toFloatArray();
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
