package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.train.MetricsLog;
import dev.beamdiff.train.StepMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beamdiff train} and {@code beamdiff sample} end to end on Fashion-MNIST with fmnist-small,
 * for three steps: every output is written, a resume refuses changed settings, a new run refuses to
 * overwrite checkpoints, and sampling reads both a folder and a single checkpoint file.
 */
@Tag("slow")
class TrainAndSampleCommandTest {
  @TempDir Path dir;

  @Test
  void trainsSamplesAndGuardsTheRun() throws IOException {
    Path out = dir.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            "fashion-mnist",
            "--steps",
            "3",
            "--batch",
            "4",
            "--out",
            out.toString(),
            "--checkpoint-every",
            "2",
            "--sample-every",
            "0",
            "--sample-count",
            "10",
            "--sample-steps",
            "2",
            "--sampler",
            "euler");
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("training fmnist-small")
        .contains("trained 3 steps")
        .contains("metrics     " + out.resolve("metrics.jsonl"))
        .contains("loss curve  " + out.resolve("loss.png"))
        .contains("samples     " + out.resolve("samples/step-000000003.png"))
        .contains("step-000000003.ckpt");
    assertThat(MetricsLog.read(out.resolve("metrics.jsonl")))
        .extracting(StepMetrics::step)
        .containsExactly(1L, 2L, 3L);
    assertThat(out.resolve("loss.png")).isRegularFile();
    assertThat(out.resolve("config.json")).content().contains("\"fmnist-small\"");
    assertThat(Files.list(out.resolve("checkpoints")).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("step-000000002.ckpt", "step-000000003.ckpt");
    BufferedImage trainingGrid = ImageIO.read(out.resolve("samples/step-000000003.png").toFile());
    assertThat(trainingGrid.getWidth()).isEqualTo(2 + 10 * (56 + 2)); // one column per class

    CliRun changed = CliRun.of("train", "--resume", "--out", out.toString(), "--lr", "0.1");
    assertThat(changed.exit()).isEqualTo(1);
    assertThat(changed.err()).contains("--lr 0.1 differs from the saved 0.001");

    CliRun again = CliRun.of("train", "--steps", "3", "--out", out.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err())
        .contains("already holds checkpoints (up to step 3)")
        .contains("--resume");

    Path grid = dir.resolve("grid.png");
    CliRun sample =
        CliRun.of(
            "sample",
            "--checkpoint",
            out.resolve("checkpoints").toString(),
            "--sampler",
            "euler",
            "--steps",
            "2",
            "--n",
            "20",
            "--out",
            grid.toString());
    assertThat(sample.exit()).as(sample.err()).isZero();
    assertThat(sample.out()).contains("20 images from").contains("step 3, EMA weights");
    BufferedImage image = ImageIO.read(grid.toFile());
    assertThat(image.getWidth()).isEqualTo(2 + 10 * 58);
    assertThat(image.getHeight()).isEqualTo(2 + 2 * 58);

    CliRun sneakers =
        CliRun.of(
            "sample",
            "--checkpoint",
            out.resolve("checkpoints/step-000000002.ckpt").toString(),
            "--class",
            "Sneaker",
            "--steps",
            "1",
            "--sampler",
            "euler",
            "--n",
            "4",
            "--out",
            dir.resolve("sneakers.png").toString());
    assertThat(sneakers.exit()).as(sneakers.err()).isZero();
    assertThat(sneakers.out()).contains("step 2");

    CliRun badClass =
        CliRun.of(
            "sample",
            "--checkpoint",
            out.resolve("checkpoints").toString(),
            "--class",
            "12",
            "--out",
            dir.resolve("x.png").toString());
    assertThat(badClass.exit()).isEqualTo(1);
    assertThat(badClass.err()).contains("--class: '12' is not a class index in [0, 10)");
  }

  @Test
  void resumingNothingIsAClearError() {
    CliRun r = CliRun.of("train", "--resume", "--out", dir.resolve("empty").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--resume: no checkpoint in");
    CliRun noLength = CliRun.of("train", "--out", dir.resolve("x").toString());
    assertThat(noLength.exit()).isEqualTo(1);
    assertThat(noLength.err()).contains("--steps N or --minutes M");
  }
}
