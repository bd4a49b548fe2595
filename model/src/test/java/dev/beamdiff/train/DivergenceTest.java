package dev.beamdiff.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.data.ShuffledBatches;
import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NaN in the data at step 5 stops the run there; the weights and checkpoints stay good. */
@Tag("slow")
class DivergenceTest {
  @TempDir Path dir;

  @Test
  void aNanLossStopsTheRunAndKeepsTheLastCheckpoint() {
    TrainConfig config = TinyRun.config(8, 2);
    DiffusionDataset clean = TinyRun.dataset();
    int poisoned =
        new ShuffledBatches(clean, config.batchSize(), config.seed(), true)
            .indexAt(4L * config.batchSize()); // first image of batch 4, i.e. of update 5
    DiffusionDataset data = withNanAt(clean, poisoned);
    Checkpoints checkpoints = TinyRun.checkpoints(dir.resolve("ckpt"));
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(config, data, TinyRun.store(dir.resolve("ckpt")), dir)) {
      assertThatThrownBy(() -> trainer.run(TrainingListener.NONE))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageContaining("training diverged at step 5: the loss is NaN")
          .hasMessageContaining("step-000000004.ckpt, is intact")
          .satisfies(e -> assertThat(((TrainingDivergedException) e).step()).isEqualTo(5));
      assertThat(trainer.step()).isEqualTo(4);
      assertThat(checkpoints.steps()).containsExactly(2L, 4L);
      Checkpoint last = checkpoints.load(4);
      Checkpoint now = trainer.snapshot();
      assertThat(now.weights()).isEqualTo(last.weights());
      assertThat(now.emaWeights()).isEqualTo(last.emaWeights());
      assertThat(now.optimizer()).isEqualTo(last.optimizer());
    }
  }

  private static DiffusionDataset withNanAt(DiffusionDataset data, int index) {
    return new DiffusionDataset() {
      @Override
      public int size() {
        return data.size();
      }

      @Override
      public int channels() {
        return data.channels();
      }

      @Override
      public int height() {
        return data.height();
      }

      @Override
      public int width() {
        return data.width();
      }

      @Override
      public List<String> classNames() {
        return data.classNames();
      }

      @Override
      public int read(int i, float[] dst, int offset) {
        int label = data.read(i, dst, offset);
        if (i == index) {
          dst[offset + 5] = Float.NaN;
        }
        return label;
      }
    };
  }
}
