package dev.beamdiff.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.train.checkpoint.Checkpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL right after a checkpoint and resumed from it ends bit-identical —
 * weights, EMA weights, AdamW moments and step count — to the same run without interruption.
 */
@Tag("slow")
class ExactResumeTest {
  private static final long TOTAL = 8;
  private static final long EVERY = 3;
  private static final long KILL_AFTER = 6;

  @TempDir Path dir;

  @Test
  void killedAndResumedRunEqualsUninterruptedRun() throws Exception {
    Checkpoint uninterrupted;
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(
            TinyRun.config(TOTAL, EVERY),
            TinyRun.dataset(),
            TinyRun.store(dir.resolve("a/ckpt")),
            dir.resolve("a"))) {
      trainer.run(TrainingListener.NONE);
      uninterrupted = trainer.snapshot();
    }

    Path out = dir.resolve("b");
    Path checkpoints = out.resolve("ckpt");
    int exit = runChildAndKillIt(out, checkpoints);
    assertThat(exit).as("the child is killed by SIGKILL (exit 128 + 9)").isEqualTo(137);
    assertThat(TinyRun.checkpoints(checkpoints).steps()).containsExactly(3L, 6L);

    Checkpoint resumed;
    try (DiffusionTrainer trainer =
        DiffusionTrainer.resume(TinyRun.dataset(), TinyRun.store(checkpoints), out)) {
      assertThat(trainer.step()).isEqualTo(KILL_AFTER);
      TrainingSummary summary = trainer.run(TrainingListener.NONE);
      assertThat(summary.stepsThisSession()).isEqualTo(TOTAL - KILL_AFTER);
      resumed = trainer.snapshot();
    }

    assertThat(resumed.step()).isEqualTo(TOTAL);
    assertThat(resumed.weights()).isEqualTo(uninterrupted.weights());
    assertThat(resumed.emaWeights()).isEqualTo(uninterrupted.emaWeights());
    assertThat(resumed.optimizer()).isEqualTo(uninterrupted.optimizer());
    assertThat(resumed.weights()).isNotEqualTo(TinyRun.checkpoints(checkpoints).load(6).weights());
    assertThat(MetricsLog.read(out.resolve("metrics.jsonl")))
        .extracting(StepMetrics::step)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  /**
   * Starts {@link ResumeChild}, waits for its checkpoint at step 6, kills it, returns its exit
   * code.
   */
  private static int runChildAndKillIt(Path out, Path checkpoints)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String property :
        List.of(
            "ai.djl.offline",
            "ai.djl.pytorch.num_threads",
            "ai.djl.pytorch.num_interop_threads",
            "java.awt.headless")) {
      String value = System.getProperty(property);
      if (value != null) {
        command.add("-D" + property + "=" + value);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ResumeChild.class.getName());
    command.add(out.toString());
    command.add(checkpoints.toString());
    command.add(Long.toString(TOTAL));
    command.add(Long.toString(EVERY));
    command.add(Long.toString(KILL_AFTER));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    StringBuilder log = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean paused = false;
      while ((line = lines.readLine()) != null) {
        log.append(line).append('\n');
        if (line.equals("CHECKPOINTED " + KILL_AFTER)) {
          paused = true;
          break;
        }
      }
      assertThat(paused).as("child output:\n%s", log).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    return child.exitValue();
  }
}
