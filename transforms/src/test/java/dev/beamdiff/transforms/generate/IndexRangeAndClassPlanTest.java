package dev.beamdiff.transforms.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** Index ranges cover 0…N−1 exactly; class plans give labels by index and reject bad classes. */
class IndexRangeAndClassPlanTest {

  @Test
  void rangesCoverEveryIndexOnce() throws Exception {
    assertThat(IndexRange.split(10, 4))
        .containsExactly(new IndexRange(0, 4), new IndexRange(4, 8), new IndexRange(8, 10));
    assertThat(IndexRange.split(3, 32)).containsExactly(new IndexRange(0, 3));
    IndexRange r = new IndexRange(1_000_000_000_000L, 1_000_000_000_032L);
    assertThat(CoderUtils.clone(IndexRange.coder(), r)).isEqualTo(r);
    assertThat(r.size()).isEqualTo(32);
    assertThatThrownBy(() -> IndexRange.split(0, 4)).hasMessageContaining("count");
    assertThatThrownBy(() -> IndexRange.split(4, 0)).hasMessageContaining("range size");
    assertThatThrownBy(() -> new IndexRange(5, 5)).hasMessageContaining("start < end");
  }

  @Test
  void classesCycleByIndex() {
    List<String> names = List.of("T-shirt", "Trouser", "Pullover");
    ClassPlan all = ClassPlan.parse("", names, 3);
    assertThat(all.labels(4, 4)).containsExactly(1, 2, 0, 1);
    assertThat(all.cycle()).containsExactly(0, 1, 2);
    ClassPlan chosen = ClassPlan.parse("Pullover, 0", names, 3);
    assertThat(chosen.labels(0, 3)).containsExactly(2, 0, 2);
    assertThat(chosen.className(chosen.label(0))).isEqualTo("Pullover");
    ClassPlan none = ClassPlan.parse(" ", List.of(), 0);
    assertThat(none.conditional()).isFalse();
    assertThat(none.labels(0, 2)).isNull();
    assertThat(none.label(5)).isEqualTo(-1);
    assertThat(none.className(-1)).isNull();
  }

  @Test
  void badClassesAreNamed() {
    List<String> names = List.of("a", "b");
    assertThatThrownBy(() -> ClassPlan.parse("c", names, 2))
        .hasMessage("--classes: 'c' is not a class index in [0, 2) nor a class name [a, b]");
    assertThatThrownBy(() -> ClassPlan.parse("2", names, 2))
        .hasMessageContaining("'2' is not a class index in [0, 2)");
    assertThatThrownBy(() -> ClassPlan.parse("a,,b", names, 2))
        .hasMessageContaining("'' is not a class index");
    assertThatThrownBy(() -> ClassPlan.parse("0", List.of(), 0))
        .hasMessageContaining("--classes: the model is unconditional");
  }

  @Test
  void pixelsMapTheModelRangeToBytes() {
    float[] batch = {-1f, 1f, 0f, 2f, /* image 1 */ -2f, 0.5f, -0.5f, 1f};
    assertThat(GeneratedPixels.image(batch, 1, 1, 2).pixels())
        .containsExactly(0, (byte) 191, 64, (byte) 255);
    // three channels of 2×2, CHW → HWC
    float[] rgb = {-1f, -1f, -1f, -1f, 0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f};
    assertThat(GeneratedPixels.image(rgb, 0, 3, 2).pixels())
        .startsWith(0, (byte) 128, (byte) 255, 0, (byte) 128, (byte) 255);
    assertThatThrownBy(() -> GeneratedPixels.image(new float[] {Float.NaN}, 0, 1, 1))
        .hasMessageContaining("NaN");
  }
}
