package dev.beamdiff.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

  @Test
  void readsAnArraySavedByNumpy() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/train/float32_2x3x4.npy")) {
      FloatTensor t = Npy.decode(in, "fixture");
      assertThat(t.shape()).containsExactly(2, 3, 4);
      for (int i = 0; i < 24; i++) {
        assertThat(t.values()[i]).isEqualTo(i * 0.25f - 3);
      }
    }
  }

  @Test
  void writesTheHeaderNumpyWrites() throws IOException {
    byte[] numpy;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/train/float32_2x3x4.npy")) {
      numpy = in.readAllBytes();
    }
    float[] values = new float[24];
    for (int i = 0; i < 24; i++) {
      values[i] = i * 0.25f - 3;
    }
    assertThat(Npy.encode(new FloatTensor(new long[] {2, 3, 4}, values))).isEqualTo(numpy);
  }

  @Test
  void roundTripsAnyRank() throws IOException {
    for (long[] shape : new long[][] {{}, {5}, {1, 1}, {2, 0, 3}, {3, 1, 2, 2}}) {
      int n = 1;
      for (long d : shape) {
        n *= (int) d;
      }
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = (float) Math.sin(i) * 1e3f;
      }
      FloatTensor t = new FloatTensor(shape, values);
      byte[] bytes = Npy.encode(t);
      assertThat((bytes.length - 4 * n) % 64).isZero();
      assertThat(Npy.decode(new ByteArrayInputStream(bytes), "t")).isEqualTo(t);
    }
  }

  @Test
  void rejectsOtherDtypesWithTheirName() {
    byte[] header = Npy.header(new long[] {2});
    String text = new String(header, StandardCharsets.ISO_8859_1).replace("<f4", "<f8");
    byte[] bytes = new byte[header.length + 16];
    System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 0, header.length);
    assertThatThrownBy(() -> Npy.decode(new ByteArrayInputStream(bytes), "w.npy"))
        .hasMessageContaining("w.npy: dtype '<f8'");
    assertThatThrownBy(() -> Npy.decode(new ByteArrayInputStream(new byte[16]), "x.npy"))
        .hasMessageContaining("not a .npy file");
  }
}
