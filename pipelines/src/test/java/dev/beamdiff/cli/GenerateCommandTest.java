package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.pipelines.generate.GenerationReport;
import dev.beamdiff.pipelines.generate.TinyCheckpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beamdiff generate} end to end on a tiny checkpoint, its help and its errors. */
class GenerateCommandTest {
  @TempDir Path dir;

  @Test
  @Tag("slow")
  void generatesAndSaysWhereTheImagesWent() {
    Path run = TinyCheckpoint.train(dir.resolve("run"));
    Path out = dir.resolve("images");
    CliRun r =
        CliRun.of(
            "generate",
            "--checkpoint",
            run.toString(),
            "--n",
            "5",
            "--sampler",
            "euler",
            "--steps",
            "2",
            "--classes",
            "xy",
            "--batch-size",
            "2",
            "--format",
            "png,avro",
            "--output",
            out.toString(),
            "--progressSeconds",
            "1",
            "--targetParallelism=2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Generating 5 images from " + run)
        .contains("Done in")
        .contains("5 images")
        .contains("png     " + out.resolve("img-*.png"))
        .contains("avro    " + out.resolve("avro/images-*.avro"))
        .contains("report  " + out.resolve("generation.json"));
    for (int i = 0; i < 5; i++) {
      assertThat(out.resolve(String.format("img-%06d.png", i))).isRegularFile();
    }
    GenerationReport report = GenerationReport.read(out.toString());
    assertThat(report.written).isEqualTo(5);
    assertThat(report.request.batchSize).isEqualTo(2);
    assertThat(report.request.classCycle).containsExactly(2);
  }

  @Test
  void helpShowsTheOptionsWithDefaults() {
    CliRun r = CliRun.of("generate", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--checkpoint=CHECKPOINT")
        .contains("--n=N")
        .contains("Default: heun.")
        .contains("Default: 18.")
        .contains("--batch-size")
        .contains("--batchSize")
        .contains("Default: 64.")
        .contains("Default: png.");
  }

  @Test
  void aMissingCheckpointIsNamed() {
    CliRun r =
        CliRun.of(
            "generate",
            "--checkpoint",
            dir.resolve("none").toString(),
            "--n",
            "3",
            "--output",
            dir.resolve("out").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--checkpoint: no checkpoint (step-*.ckpt) in");
  }
}
