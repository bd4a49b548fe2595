package dev.beamdiff.transforms.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GramKernelTest {

  @ParameterizedTest
  @CsvSource({"1,1,1", "4,4,4", "5,7,3", "9,6,300", "13,2,517"})
  void accumulateMatchesTripleLoop(int rowsA, int rowsB, int length) {
    Random random = new Random(rowsA * 31L + rowsB);
    double[] a = gaussian(random, rowsA * length);
    double[] b = gaussian(random, rowsB * length);
    double[] out = gaussian(random, rowsA * rowsB);
    double[] expected = out.clone();
    for (int i = 0; i < rowsA; i++) {
      for (int j = 0; j < rowsB; j++) {
        for (int t = 0; t < length; t++) {
          expected[i * rowsB + j] += a[i * length + t] * b[j * length + t];
        }
      }
    }
    GramKernel.accumulate(a, rowsA, b, rowsB, length, out);
    for (int k = 0; k < out.length; k++) {
      assertThat(out[k]).isCloseTo(expected[k], within(1e-12 * Math.max(1, Math.abs(expected[k]))));
    }
  }

  @ParameterizedTest
  @CsvSource({"1,3", "4,10", "7,300", "10,257"})
  void upperTriangleMatchesFullProduct(int rows, int length) {
    Random random = new Random(rows);
    double[] a = gaussian(random, rows * length);
    double[] full = new double[rows * rows];
    double[] upper = new double[rows * rows];
    GramKernel.accumulate(a, rows, a, rows, length, full);
    GramKernel.accumulateUpper(a, rows, length, upper);
    for (int i = 0; i < rows; i++) {
      for (int j = i; j < rows; j++) {
        assertThat(upper[i * rows + j]).isCloseTo(full[i * rows + j], within(1e-12));
      }
    }
  }

  private static double[] gaussian(Random random, int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }
}
