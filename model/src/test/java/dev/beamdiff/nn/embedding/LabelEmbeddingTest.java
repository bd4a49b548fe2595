package dev.beamdiff.nn.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class LabelEmbeddingTest {

  @Test
  void looksUpRowsIncludingTheNullLabel() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LabelEmbedding embedding = new LabelEmbedding(3, 5);
      embedding.initialize(manager, DataType.FLOAT32, new Shape(4));
      NDArray table = embedding.getParameters().get("weight").getArray();
      assertThat(table.getShape()).isEqualTo(new Shape(4, 5));
      assertThat(embedding.nullLabel()).isEqualTo(3);
      ParameterStore store = new ParameterStore(manager, false);
      for (DataType type : new DataType[] {DataType.INT32, DataType.INT64}) {
        NDArray labels = manager.create(new int[] {2, 0, 3, 2}).toType(type, false);
        NDArray rows = embedding.forward(store, new NDList(labels), false).head();
        int[] expected = {2, 0, 3, 2};
        for (int i = 0; i < expected.length; i++) {
          assertThat(rows.get(i).toFloatArray()).isEqualTo(table.get(expected[i]).toFloatArray());
        }
      }
    }
  }

  @Test
  void rejectsFloatLabelsAndLabelsOutOfRange() {
    try (NDManager manager = NDManager.newBaseManager()) {
      LabelEmbedding embedding = new LabelEmbedding(3, 5);
      embedding.initialize(manager, DataType.FLOAT32, new Shape(2));
      ParameterStore store = new ParameterStore(manager, false);
      assertThatThrownBy(
              () -> embedding.forward(store, new NDList(manager.zeros(new Shape(2))), false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("int32 or int64")
          .hasMessageContaining("[0, 3]");
      assertThatThrownBy(
              () -> embedding.forward(store, new NDList(manager.create(new long[] {0, 4})), false))
          .hasMessageContaining("index out of range");
    }
    assertThatThrownBy(() -> new LabelEmbedding(0, 5)).hasMessageContaining("numClasses >= 1");
  }
}
