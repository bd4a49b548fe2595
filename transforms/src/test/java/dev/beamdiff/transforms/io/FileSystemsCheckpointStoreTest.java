package dev.beamdiff.transforms.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.FloatTensor;
import dev.beamdiff.train.checkpoint.TensorSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemsCheckpointStoreTest {
  @TempDir Path dir;

  @BeforeEach
  void emptyObjectStore() {
    ObjectStoreFileSystem.OBJECTS.clear();
    ObjectStoreFileSystem.COPIES.clear();
  }

  @Test
  void savesKeepsAndLoadsThroughAnObjectStoreWithoutRename() {
    Checkpoints checkpoints =
        new Checkpoints(new FileSystemsCheckpointStore("objstore://bucket/run/ckpt"), 2);
    assertThat(checkpoints.latest()).isEmpty();
    for (long step : new long[] {10, 20, 30}) {
      checkpoints.save(checkpoint(step));
    }
    assertThat(ObjectStoreFileSystem.OBJECTS.keySet())
        .containsExactly(
            "objstore://bucket/run/ckpt/step-000000020.ckpt",
            "objstore://bucket/run/ckpt/step-000000030.ckpt");
    // Every checkpoint went through a temporary object and a copy.
    assertThat(ObjectStoreFileSystem.COPIES)
        .hasSize(3)
        .allSatisfy(c -> assertThat(c).contains("/ckpt/.partial-"));
    Checkpoint latest = checkpoints.latest().orElseThrow();
    assertThat(latest.step()).isEqualTo(30);
    assertThat(latest.weights()).isEqualTo(checkpoint(30).weights());
    assertThat(checkpoints.locationOf(30))
        .isEqualTo("objstore://bucket/run/ckpt/step-000000030.ckpt");
  }

  @Test
  void leftoversOfAKilledWriterAreNeverLatest() throws IOException {
    FileSystemsCheckpointStore store = new FileSystemsCheckpointStore("objstore://bucket/ckpt/");
    Checkpoints checkpoints = new Checkpoints(store, 3);
    checkpoints.save(checkpoint(10));
    ObjectStoreFileSystem.OBJECTS.put(
        "objstore://bucket/ckpt/.partial-dead-step-000000020.ckpt", new byte[] {1, 2});
    assertThat(checkpoints.steps()).containsExactly(10L);
    assertThat(store.deleteLeftovers()).containsExactly(".partial-dead-step-000000020.ckpt");
    assertThat(ObjectStoreFileSystem.OBJECTS).hasSize(1);
  }

  @Test
  void aFailedWriteLeavesNothingBehind() {
    FileSystemsCheckpointStore store = new FileSystemsCheckpointStore("objstore://bucket/ckpt");
    assertThatThrownBy(
            () ->
                store.write(
                    "step-000000010.ckpt",
                    out -> {
                      out.write("partial".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("network lost");
                    }))
        .hasMessageContaining("network lost");
    assertThat(ObjectStoreFileSystem.OBJECTS).isEmpty();
  }

  @Test
  void worksOnLocalPathsThroughBeam() throws IOException {
    Path folder = dir.resolve("nested/ckpt");
    Checkpoints checkpoints = new Checkpoints(new FileSystemsCheckpointStore(folder.toString()), 1);
    assertThat(checkpoints.steps()).isEmpty();
    checkpoints.save(checkpoint(5));
    checkpoints.save(checkpoint(6));
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("step-000000006.ckpt");
    }
    assertThat(checkpoints.latest().orElseThrow().weights()).isEqualTo(checkpoint(6).weights());
  }

  @Test
  void rejectsNamesThatAreNotPlainFiles() {
    FileSystemsCheckpointStore store = new FileSystemsCheckpointStore("objstore://bucket/ckpt");
    assertThatThrownBy(() -> store.open("../x")).hasMessageContaining("plain file name");
    assertThatThrownBy(() -> new FileSystemsCheckpointStore(" "))
        .hasMessageContaining("expected a path or URI");
  }

  private static Checkpoint checkpoint(long step) {
    TensorSet w =
        new TensorSet(Map.of("w", new FloatTensor(new long[] {2}, new float[] {step, -step})));
    return new Checkpoint(
        new Checkpoint.Progress(step, step, 1, 0),
        "{}",
        w,
        w,
        new Checkpoint.OptimizerState(step, w, w));
  }
}
