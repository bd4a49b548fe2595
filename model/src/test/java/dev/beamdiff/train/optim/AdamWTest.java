package dev.beamdiff.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class AdamWTest {

  /** Five updates with a changing learning rate against torch.optim.AdamW (fixture). */
  @Test
  void matchesTorchAdamW() {
    JsonObject fx = Fixtures.json("adamw.json");
    JsonArray shapes = fx.getAsJsonArray("shapes");
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> params = new ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        params.add(
            manager.create(
                Fixtures.floats(fx.getAsJsonArray("initial").get(i)),
                new Shape(Fixtures.longs(shapes.get(i)))));
      }
      AdamW.Hyperparameters hyper =
          new AdamW.Hyperparameters(
              fx.get("beta1").getAsDouble(),
              fx.get("beta2").getAsDouble(),
              fx.get("eps").getAsDouble(),
              fx.get("weight_decay").getAsDouble());
      AdamW adam = new AdamW(params, hyper, manager);
      for (var element : fx.getAsJsonArray("steps")) {
        JsonObject step = element.getAsJsonObject();
        List<NDArray> grads = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
          grads.add(
              manager.create(
                  Fixtures.floats(step.getAsJsonArray("grads").get(i)), params.get(i).getShape()));
        }
        adam.step(grads, step.get("lr").getAsDouble());
        for (int i = 0; i < params.size(); i++) {
          assertClose(params.get(i), step.getAsJsonArray("params").get(i), 2e-6f);
          assertClose(adam.firstMoments().get(i), step.getAsJsonArray("m").get(i), 1e-7f);
          assertClose(adam.secondMoments().get(i), step.getAsJsonArray("v").get(i), 1e-8f);
        }
        grads.forEach(NDArray::close);
      }
      assertThat(adam.steps()).isEqualTo(5);
    }
  }

  @Test
  void restoredStateContinuesIdentically() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, -2, 3}, new Shape(3));
      NDArray b = manager.create(new float[] {1, -2, 3}, new Shape(3));
      AdamW first = new AdamW(List.of(a), AdamW.Hyperparameters.withWeightDecay(0.1), manager);
      AdamW second = new AdamW(List.of(b), AdamW.Hyperparameters.withWeightDecay(0.1), manager);
      NDArray g1 = manager.create(new float[] {0.5f, -1, 2});
      NDArray g2 = manager.create(new float[] {-0.25f, 3, 0.1f});
      first.step(List.of(g1), 0.01);
      second.restore(
          first.steps(),
          List.of(first.firstMoments().get(0).toFloatArray()),
          List.of(first.secondMoments().get(0).toFloatArray()));
      b.muli(0).addi(a);
      first.step(List.of(g2), 0.02);
      second.step(List.of(g2), 0.02);
      assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
      assertThat(second.steps()).isEqualTo(2);
    }
  }

  @Test
  void rejectsMismatchedState() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.zeros(new Shape(2, 2));
      AdamW adam = new AdamW(List.of(a), AdamW.Hyperparameters.withWeightDecay(0), manager);
      assertThatThrownBy(() -> adam.restore(1, List.of(new float[3]), List.of(new float[4])))
          .hasMessageContaining("AdamW first moment of parameter 0: expected 4 values");
      assertThatThrownBy(() -> new AdamW.Hyperparameters(1.0, 0.999, 1e-8, 0))
          .hasMessageContaining("betas");
    }
  }

  private static void assertClose(NDArray actual, com.google.gson.JsonElement expected, float tol) {
    float[] want = Fixtures.floats(expected);
    float[] got = actual.toFloatArray();
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < want.length; i++) {
      assertThat(got[i])
          .as("element %d", i)
          .isCloseTo(want[i], offset(tol + 1e-6f * Math.abs(want[i])));
    }
  }
}
