package dev.beamdiff.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  @TempDir Path dir;

  @Test
  void writesOneJsonLinePerStep() throws IOException {
    Path file = dir.resolve("out/metrics.jsonl");
    try (MetricsLog log = MetricsLog.open(file, 0)) {
      log.append(metrics(1, 0.5));
      log.append(metrics(2, 0.25));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"step\":1,\"loss\":0.5,\"lr\":1.0E-4,\"grad_norm\":2.0,\"img_per_s\":123.46,"
                + "\"ema_decay\":0.9,\"time_s\":1.5}");
    assertThat(MetricsLog.read(file))
        .containsExactly(
            new StepMetrics(1, 0.5, 1e-4, 2, 123.46, 0.9, 1.5),
            new StepMetrics(2, 0.25, 1e-4, 2, 123.46, 0.9, 1.5));
  }

  @Test
  void aResumedRunDropsStepsPastItsCheckpoint() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    try (MetricsLog log = MetricsLog.open(file, 0)) {
      for (int step = 1; step <= 5; step++) {
        log.append(metrics(step, step));
      }
    }
    try (MetricsLog log = MetricsLog.open(file, 3)) {
      log.append(metrics(4, 40));
    }
    assertThat(MetricsLog.read(file))
        .extracting(StepMetrics::step, StepMetrics::loss)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 1.0),
            org.assertj.core.groups.Tuple.tuple(2L, 2.0),
            org.assertj.core.groups.Tuple.tuple(3L, 3.0),
            org.assertj.core.groups.Tuple.tuple(4L, 40.0));
    try (MetricsLog log = MetricsLog.open(file, 0)) {
      assertThat(log.file()).isEqualTo(file);
    }
    assertThat(Files.readAllLines(file)).isEmpty();
  }

  @Test
  void aMalformedLineIsNamed() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    Files.writeString(file, MetricsLog.toJson(metrics(1, 1)) + "\n{\"step\": 2}\n");
    assertThatThrownBy(() -> MetricsLog.read(file)).hasMessageContaining("line 2");
  }

  @Test
  void lossCurveSmoothingIsBiasCorrected() throws IOException {
    double[] smoothed = LossCurve.smooth(new double[] {2, 2, 2, 2}, 0.98);
    for (double s : smoothed) {
      assertThat(s).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(LossCurve.smooth(new double[] {1, 3}, 0.5)[1])
        .isCloseTo(7.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    Path png =
        LossCurve.write(
            List.of(metrics(1, 1), metrics(2, 0.5), metrics(3, 0.4)), dir.resolve("loss.png"));
    assertThat(Files.size(png)).isGreaterThan(1000);
  }

  private static StepMetrics metrics(long step, double loss) {
    return new StepMetrics(step, loss, 1e-4, 2, 123.456, 0.9, 1.5);
  }
}
