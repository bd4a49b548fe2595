package dev.beamdiff.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.train.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timing passes behind {@code --minutes} measure without training. */
@Tag("slow")
class TimeBudgetTest {
  @TempDir Path dir;

  @Test
  void timingPassesChangeNothingAndFixTheLength() {
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(
            TinyRun.config(8, 4), TinyRun.dataset(), TinyRun.store(dir.resolve("ckpt")), dir)) {
      Checkpoint before = trainer.snapshot();
      long oneMinute = trainer.stepsWithin(Duration.ofMinutes(1), 2);
      long oneHour = trainer.stepsWithin(Duration.ofHours(1), 2);
      Checkpoint after = trainer.snapshot();
      assertThat(after.weights()).isEqualTo(before.weights());
      assertThat(after.emaWeights()).isEqualTo(before.emaWeights());
      assertThat(after.optimizer()).isEqualTo(before.optimizer());
      assertThat(oneMinute).isPositive();
      assertThat(oneHour).isGreaterThan(oneMinute);

      trainer.setLength(oneMinute, 0);
      assertThat(trainer.config().totalSteps()).isEqualTo(oneMinute);
      assertThat(trainer.config().optimizer().warmupSteps()).isZero();
      assertThatThrownBy(() -> trainer.stepsWithin(Duration.ofMinutes(1), 0))
          .hasMessageContaining("timing passes");
    }
  }
}
