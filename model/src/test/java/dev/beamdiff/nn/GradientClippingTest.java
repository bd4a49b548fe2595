package dev.beamdiff.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class GradientClippingTest {

  /** Two weights whose gradients are exactly (3, 0) and (0, 4, 0): global norm 5. */
  private static List<NDArray> weightsWithGradientNormFive(NDManager manager) {
    NDArray a = manager.create(new float[] {1f, 2f});
    NDArray b = manager.create(new float[] {1f, 1f, 1f});
    a.setRequiresGradient(true);
    b.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss =
          a.mul(manager.create(new float[] {3f, 0f}))
              .sum()
              .add(b.mul(manager.create(new float[] {0f, 4f, 0f})).sum());
      collector.backward(loss);
    }
    return List.of(a, b);
  }

  @Test
  void scalesAllGradientsByMaxNormOverTheGlobalNorm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> weights = weightsWithGradientNormFive(manager);
      NDArray norm = GradientClipping.clipByGlobalNorm(weights, 1f, manager);
      assertThat(norm.getFloat()).isCloseTo(5f, within(1e-6f));
      float scale = (float) (1.0 / (5.0 + 1e-6));
      assertThat(weights.get(0).getGradient().toFloatArray())
          .containsExactly(new float[] {3 * scale, 0f}, within(1e-6f));
      assertThat(weights.get(1).getGradient().toFloatArray())
          .containsExactly(new float[] {0f, 4 * scale, 0f}, within(1e-6f));
    }
  }

  @Test
  void leavesGradientsBelowTheThresholdUnchanged() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> weights = weightsWithGradientNormFive(manager);
      NDArray norm = GradientClipping.clipByGlobalNorm(weights, 10f, manager);
      assertThat(norm.getFloat()).isCloseTo(5f, within(1e-6f));
      assertThat(weights.get(0).getGradient().toFloatArray()).containsExactly(3f, 0f);
      assertThat(weights.get(1).getGradient().toFloatArray()).containsExactly(0f, 4f, 0f);
      assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(weights, 0f, manager))
          .hasMessageContaining("maxNorm must be > 0");
    }
  }
}
