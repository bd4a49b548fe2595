package dev.beamdiff.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path dir;

  @Test
  void keepsTheNewestAndLoadsTheLatest() {
    Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), 2);
    assertThat(checkpoints.latest()).isEmpty();
    for (long step : new long[] {100, 200, 300}) {
      checkpoints.save(CheckpointFixtures.checkpoint(step, step));
    }
    assertThat(checkpoints.steps()).containsExactly(200L, 300L);
    assertThat(dir.resolve("step-000000300.ckpt")).exists();
    assertThat(dir.resolve("step-000000100.ckpt")).doesNotExist();
    Checkpoint latest = checkpoints.latest().orElseThrow();
    assertThat(latest.step()).isEqualTo(300);
    assertThat(latest.weights()).isEqualTo(CheckpointFixtures.checkpoint(300, 300).weights());
  }

  @Test
  void ignoresTemporaryAndForeignFiles() throws IOException {
    Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), 3);
    checkpoints.save(CheckpointFixtures.checkpoint(10, 1));
    Files.writeString(dir.resolve(".partial-1234-step-000000020.ckpt"), "half a file");
    Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThat(checkpoints.steps()).containsExactly(10L);
    assertThat(checkpoints.latest().orElseThrow().step()).isEqualTo(10);
    assertThat(new LocalCheckpointStore(dir).deleteLeftovers())
        .containsExactly(".partial-1234-step-000000020.ckpt");
    assertThat(dir.resolve("notes.txt")).exists();
  }

  @Test
  void aFailedWriteLeavesThePreviousFileIntact() throws IOException {
    LocalCheckpointStore store = new LocalCheckpointStore(dir);
    Checkpoints checkpoints = new Checkpoints(store, 3);
    checkpoints.save(CheckpointFixtures.checkpoint(10, 1));
    byte[] before = Files.readAllBytes(dir.resolve("step-000000010.ckpt"));
    assertThatThrownBy(
            () ->
                store.write(
                    "step-000000010.ckpt",
                    out -> {
                      out.write(new byte[1000]);
                      throw new IOException("disk full");
                    }))
        .hasMessageContaining("disk full");
    assertThat(Files.readAllBytes(dir.resolve("step-000000010.ckpt"))).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aDamagedLatestCheckpointIsNamedInTheError() throws IOException {
    Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir), 3);
    checkpoints.save(CheckpointFixtures.checkpoint(10, 1));
    Files.write(dir.resolve("step-000000020.ckpt"), new byte[] {1, 2, 3});
    assertThatThrownBy(checkpoints::latest)
        .hasMessageContaining("step-000000020.ckpt")
        .hasMessageContaining("fall back");
  }

  @Test
  void rejectsPathsAsNames() {
    LocalCheckpointStore store = new LocalCheckpointStore(dir);
    assertThatThrownBy(() -> store.open("../x")).hasMessageContaining("plain file name");
  }
}
