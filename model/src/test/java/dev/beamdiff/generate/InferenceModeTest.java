package dev.beamdiff.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.Gson;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.TensorSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a thread other than the one that started the engine, PyTorch's autograd is on: loading a
 * checkpoint fails there unless the thread is in {@link InferenceMode}, which it leaves as it found
 * it.
 */
@Tag("slow")
class InferenceModeTest {

  @Test
  void loadsACheckpointOnAFreshThreadAndRestoresTheMode() throws Exception {
    ModelSpec spec =
        ModelSpec.of(
            "tiny",
            new UNetConfig(8, 1, 1, 8, List.of(1, 2), 1, List.of(), 2, 4, 1e-5f, 8, 16, 0f, 0),
            DiffusionSpec.parse("edm", null, null));
    Checkpoint checkpoint;
    try (DiffusionModel model = DiffusionModel.create(spec, 5)) {
      TensorSet weights = model.parameters().snapshot();
      TensorSet none = new TensorSet(Map.of());
      checkpoint =
          new Checkpoint(
              new Checkpoint.Progress(1, 1, 0, 0),
              "{\"model\":" + new Gson().toJson(spec) + "}",
              weights,
              weights,
              new Checkpoint.OptimizerState(0, none, none));
    }
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      assertThat(on(thread, JniUtils::isGradMode)).isTrue();
      assertThatThrownBy(() -> on(thread, () -> load(checkpoint)))
          .hasMessageContaining("in-place operation");
      boolean loaded =
          on(
              thread,
              () -> {
                try (InferenceMode inference = InferenceMode.enter()) {
                  assertThat(JniUtils.isGradMode()).isFalse();
                  return load(checkpoint);
                }
              });
      assertThat(loaded).isTrue();
      assertThat(on(thread, JniUtils::isGradMode)).isTrue();
    } finally {
      thread.shutdownNow();
    }
  }

  private static boolean load(Checkpoint checkpoint) {
    try (DiffusionModel model = DiffusionModel.fromCheckpoint(checkpoint, true, "test")) {
      return model.manager().isOpen();
    }
  }

  private static <T> T on(ExecutorService thread, java.util.concurrent.Callable<T> task)
      throws Exception {
    try {
      return CompletableFuture.supplyAsync(
              () -> {
                try {
                  return task.call();
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              },
              thread)
          .get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
