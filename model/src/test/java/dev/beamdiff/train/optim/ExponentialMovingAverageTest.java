package dev.beamdiff.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class ExponentialMovingAverageTest {

  @Test
  void followsTheRecurrence() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1, 2});
      EmaDecay decay = new EmaDecay(1, 1, 0.9);
      ExponentialMovingAverage ema = new ExponentialMovingAverage(List.of(w), decay, manager);
      double[] expected = {1, 2};
      float[][] weights = {{3, -1}, {5, 0}, {-2, 4}, {0, 0}, {1, 1}};
      for (int n = 1; n <= weights.length; n++) {
        w.muli(0).addi(manager.create(weights[n - 1]));
        double beta = ema.update(n);
        assertThat(beta).isEqualTo(decay.at(n));
        for (int i = 0; i < 2; i++) {
          expected[i] = beta * expected[i] + (1 - beta) * weights[n - 1][i];
        }
        float[] got = ema.averages().get(0).toFloatArray();
        assertThat(got[0]).isCloseTo((float) expected[0], offset(1e-6f));
        assertThat(got[1]).isCloseTo((float) expected[1], offset(1e-6f));
      }
      // β(1) = 0: the first update takes the weights as they are.
      assertThat(decay.at(1)).isZero();
      ema.restore(List.of(new float[] {7, 8}));
      assertThat(ema.averages().get(0).toFloatArray()).containsExactly(7, 8);
    }
  }
}
