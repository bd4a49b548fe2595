package dev.beamdiff.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class ConditioningTest {

  @Test
  void concatenatesInputWiseAlongTheBatch() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Conditioning cond =
          Conditioning.of(manager.create(new int[] {1, 2}), manager.ones(new Shape(2, 3)));
      Conditioning nulls =
          Conditioning.of(manager.create(new int[] {9, 9}), manager.zeros(new Shape(2, 3)));
      Conditioning doubled = cond.concat(nulls);
      assertThat(doubled.size()).isEqualTo(2);
      assertThat(doubled.batchSize()).isEqualTo(4);
      assertThat(doubled.get(0).toIntArray()).containsExactly(1, 2, 9, 9);
      assertThat(Conditioning.none().isEmpty()).isTrue();
      assertThat(Conditioning.none().batchSize()).isEqualTo(-1);
      assertThatThrownBy(() -> cond.concat(Conditioning.none()))
          .hasMessageContaining("cannot concatenate 2 inputs with 0");
      assertThatThrownBy(
              () -> Conditioning.of(manager.create(new int[] {1, 2}), manager.ones(new Shape(3))))
          .hasMessageContaining("leading dimension 2");
      assertThatThrownBy(() -> cond.get(2)).hasMessageContaining("only 2 present");
    }
  }
}
