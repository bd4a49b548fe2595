package dev.beamdiff.nn.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class SinusoidalEmbeddingTest {

  @Test
  void matchesTheFormulaTermByTerm() {
    float[] ts = {0f, 1f, 17.5f, 999f};
    int dim = 10;
    int half = dim / 2;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray e = SinusoidalEmbedding.embed(manager.create(ts), dim);
      assertThat(e.getShape()).isEqualTo(new Shape(4, dim));
      float[] values = e.toFloatArray();
      for (int b = 0; b < ts.length; b++) {
        for (int i = 0; i < half; i++) {
          double omega = Math.exp(-Math.log(10000.0) * i / (half - 1));
          double tolerance = 1e-6 * Math.max(1, ts[b]);
          assertThat((double) values[b * dim + i])
              .as("sin t=%s i=%d", ts[b], i)
              .isCloseTo(Math.sin(ts[b] * omega), within(tolerance + 1e-6));
          assertThat((double) values[b * dim + half + i])
              .as("cos t=%s i=%d", ts[b], i)
              .isCloseTo(Math.cos(ts[b] * omega), within(tolerance + 1e-6));
        }
      }
      // the lowest frequency is exactly 1/10000 and the highest 1
      assertThat((double) values[3 * dim + half - 1])
          .isCloseTo(Math.sin(999 / 10000.0), within(1e-6));
    }
  }

  @Test
  void rejectsBadDimensionsAndInputs() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray t = manager.zeros(new Shape(3));
      assertThatThrownBy(() -> SinusoidalEmbedding.embed(t, 7))
          .hasMessageContaining("even and >= 4, got 7");
      assertThatThrownBy(() -> SinusoidalEmbedding.embed(manager.zeros(new Shape(3, 1)), 8))
          .hasMessageContaining("shape [B]");
      assertThatThrownBy(
              () -> SinusoidalEmbedding.embed(manager.zeros(new Shape(3), DataType.INT32), 8))
          .hasMessageContaining("float array");
    }
  }
}
