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
class GradientClippingTest {

  /** Norm and clipped gradients against torch.nn.utils.clip_grad_norm_ (fixture). */
  @Test
  void matchesTorchClipGradNorm() {
    JsonObject fx = Fixtures.json("clip_grad_norm.json");
    JsonArray shapes = fx.getAsJsonArray("shapes");
    try (NDManager manager = NDManager.newBaseManager()) {
      for (var element : fx.getAsJsonArray("cases")) {
        JsonObject c = element.getAsJsonObject();
        List<NDArray> grads = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
          grads.add(
              manager.create(
                  Fixtures.floats(c.getAsJsonArray("grads").get(i)),
                  new Shape(Fixtures.longs(shapes.get(i)))));
        }
        double norm = new GradientClipping(c.get("max_norm").getAsDouble()).clip(grads);
        assertThat(norm).isCloseTo(c.get("norm").getAsDouble(), offset(1e-5));
        for (int i = 0; i < grads.size(); i++) {
          float[] want = Fixtures.floats(c.getAsJsonArray("clipped").get(i));
          float[] got = grads.get(i).toFloatArray();
          for (int k = 0; k < want.length; k++) {
            assertThat(got[k]).isCloseTo(want[k], offset(1e-6f));
          }
        }
      }
    }
  }

  @Test
  void reportsNonFiniteNormWithoutTouchingGradients() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray g = manager.create(new float[] {1, Float.NaN, 3});
      double norm = new GradientClipping(1).clip(List.of(g));
      assertThat(norm).isNaN();
      assertThat(g.toFloatArray()[0]).isEqualTo(1f);
      NDArray h = manager.create(new float[] {Float.POSITIVE_INFINITY, 0});
      assertThat(GradientClipping.globalNorm(List.of(h))).isInfinite();
    }
  }

  @Test
  void rejectsNonPositiveThreshold() {
    assertThatThrownBy(() -> new GradientClipping(0)).hasMessageContaining("must be > 0");
  }
}
