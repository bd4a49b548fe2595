package dev.beamdiff.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.train.checkpoint.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class NpyTest {

  private static byte[] numpyFixture() throws IOException {
    try (InputStream in = NpyTest.class.getResourceAsStream("/fixtures/train/float32_2x3x4.npy")) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsAnArraySavedByNumpy() throws IOException {
    FloatTensor t = FloatTensor.fromNpy("fixture", numpyFixture());
    assertThat(t.shape()).containsExactly(2, 3, 4);
    for (int i = 0; i < 24; i++) {
      assertThat(t.values()[i]).isEqualTo(i * 0.25f - 3);
    }
  }

  @Test
  void writesTheBytesNumpyWrites() throws IOException {
    float[] values = new float[24];
    for (int i = 0; i < 24; i++) {
      values[i] = i * 0.25f - 3;
    }
    assertThat(new FloatTensor(new long[] {2, 3, 4}, values).toNpy()).isEqualTo(numpyFixture());
  }

  @Test
  void roundTripsAnyRankAndDtype() throws IOException {
    for (long[] shape : new long[][] {{}, {5}, {1, 1}, {2, 0, 3}, {3, 1, 2, 2}}) {
      int n = 1;
      for (long d : shape) {
        n *= (int) d;
      }
      float[] values = new float[n];
      double[] doubles = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = (float) Math.sin(i) * 1e3f;
        doubles[i] = Math.sin(i) * 1e300;
      }
      FloatTensor t = new FloatTensor(shape, values);
      byte[] bytes = t.toNpy();
      assertThat((bytes.length - 4 * n) % 64).isZero();
      assertThat(FloatTensor.fromNpy("t", bytes)).isEqualTo(t);
      Npy.Array d = Npy.read("d", Npy.float64(doubles, shape));
      assertThat(d.shape()).isEqualTo(shape);
      assertThat(d.doubles()).isEqualTo(doubles);
    }
    assertThat(Npy.read("n", Npy.int64(-7)).asDoubles()).containsExactly(-7);
    assertThat(Npy.read("s", Npy.unicode("fmnist·v2")).text()).isEqualTo("fmnist·v2");
  }

  @Test
  void rejectsOtherDtypesAndNonNpyBytesWithTheirName() {
    assertThatThrownBy(() -> FloatTensor.fromNpy("w.npy", Npy.float64(new double[2], 2)))
        .hasMessageContaining("w.npy: expected a float32 array");
    assertThatThrownBy(() -> Npy.read("x.npy", new byte[16]))
        .hasMessageContaining("x.npy: not a .npy array");
    byte[] truncated = Npy.float64(new double[4], 4);
    assertThatThrownBy(
            () -> Npy.read("t.npy", java.util.Arrays.copyOf(truncated, truncated.length - 8)))
        .hasMessageContaining("t.npy: holds");
  }
}
