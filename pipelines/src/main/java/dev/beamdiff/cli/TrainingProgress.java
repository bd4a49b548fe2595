package dev.beamdiff.cli;

import dev.beamdiff.train.StepMetrics;
import dev.beamdiff.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training progress bar (on stderr, like the announcements passed to the constructor's stream):
 * step / total, elapsed time and ETA, and the latest loss, learning rate and images per second;
 * checkpoints and sample grids are announced on their own lines.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
  private final PrintStream out;
  private ProgressBar bar;

  TrainingProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStart(long firstStep, long totalSteps) {
    bar =
        new ProgressBarBuilder()
            .setTaskName("train")
            .setInitialMax(totalSteps)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .startsFrom(firstStep - 1, Duration.ZERO)
            .build();
  }

  @Override
  public void onStep(StepMetrics m) {
    bar.stepTo(m.step());
    bar.setExtraMessage(
        String.format(
            "loss %.4f lr %.2e %.1f img/s", m.loss(), m.learningRate(), m.imagesPerSecond()));
  }

  @Override
  public void onCheckpoint(long step, String location) {
    println("checkpoint " + location);
  }

  @Override
  public void onSamples(long step, Path png) {
    println("samples    " + png);
  }

  /** A line of its own below the bar, which redraws underneath at its next update. */
  private void println(String line) {
    out.println();
    out.println(line);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
