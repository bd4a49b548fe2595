package dev.beamdiff.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class SiluTest {
  private static final float[] XS = {-30f, -4f, -1f, -0.25f, 0f, 0.5f, 1f, 3f, 30f};

  @Test
  void valuesAndGradientsMatchTheClosedForm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(XS);
      x.setRequiresGradient(true);
      float[] y;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray out = Silu.silu(x);
        y = out.toFloatArray();
        collector.backward(out.sum());
      }
      float[] dy = x.getGradient().toFloatArray();
      for (int i = 0; i < XS.length; i++) {
        double s = 1 / (1 + Math.exp(-XS[i]));
        assertThat((double) y[i]).as("silu(%s)", XS[i]).isCloseTo(XS[i] * s, within(1e-6));
        // d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x)))
        assertThat((double) dy[i])
            .as("silu'(%s)", XS[i])
            .isCloseTo(s * (1 + XS[i] * (1 - s)), within(1e-6));
      }
      assertThat(y[6]).isCloseTo(0.7310586f, within(1e-7f));
    }
  }
}
