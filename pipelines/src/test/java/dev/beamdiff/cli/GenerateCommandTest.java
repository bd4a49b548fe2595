package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.pipelines.generate.GenerationReport;
import dev.beamdiff.pipelines.generate.TinyCheckpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code beamdiff generate} end to end on a tiny checkpoint, its help and its errors. */
class GenerateCommandTest {
  @TempDir Path dir;

  @Test
  @Tag("slow")
  void generatesAndSaysWhereTheImagesWent() {
    Path run = TinyCheckpoint.train(dir.resolve("run"));
    Path out = dir.resolve("images");
    Result r =
        run(
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
    Result r = run("generate", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--checkpoint=CHECKPOINT")
        .contains("--n=N")
        .contains("Default: heun.")
        .contains("Default: 18.")
        .contains("--batch-size")
        .contains("--batchSize")
        .contains("Default: 32.")
        .contains("Default: png.");
  }

  @Test
  void aMissingCheckpointIsNamed() {
    Result r =
        run(
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

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BeamDiff.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private record Result(int exit, String out, String err) {}
}
