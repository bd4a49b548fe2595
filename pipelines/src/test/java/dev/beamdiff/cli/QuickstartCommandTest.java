package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code beamdiff quickstart}'s options and errors, and {@code beamdiff train --data} on a
 * preprocessed folder (the training command the quickstart's report gives). The stages themselves
 * are tested by {@code QuickstartTest}.
 */
class QuickstartCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = BeamDiff.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpShowsEveryDefault() {
    assertThat(run("quickstart", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("--minutes=M")
        .contains("Default: 10.")
        .contains("Output folder of every stage. Default: beamdiff-quickstart.")
        .contains("--n=N Images to generate and evaluate. Default: 1000.")
        .contains("--data-dir=DIR")
        .contains("--fresh");
  }

  @Test
  void aMissingDatasetSaysWhatToDo() {
    Path none = dir.resolve("none");
    int exit =
        run("quickstart", "--data-dir", none.toString(), "--out", dir.resolve("qs").toString());
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("Fashion-MNIST is needed and was not found")
        .contains(none + " does not exist")
        .contains("--data-dir DIR");
    assertThat(out.toString()).contains("[1/6] preprocess");
  }

  @Test
  void badSettingsAreNamed() {
    assertThat(run("quickstart", "--n", "0", "--out", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--n: expected at least 1 image, got 0");
    assertThat(run("quickstart", "--minutes", "-1", "--out", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--minutes: expected a training budget > 0 minutes");
  }

  @Tag("slow")
  @Test
  void trainingDataCanBeAPreprocessedFolder() throws IOException {
    Path idx = Files.createDirectories(dir.resolve("idx"));
    writeIdx(idx.resolve("train-images-idx3-ubyte"), 0x803, new int[] {3, 4, 4}, new byte[48]);
    writeIdx(idx.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {3}, new byte[] {0, 2, 1});
    Path shards = dir.resolve("shards");
    int exit =
        run(
            "preprocess",
            "--input",
            idx.resolve("train-images-idx3-ubyte").toString(),
            "--output",
            shards.toString(),
            "--size",
            "4",
            "--channels",
            "1");
    assertThat(exit).as(err.toString()).isZero();

    TrainingData data = TrainingData.load(shards.toString(), null);
    assertThat(data.dataset().size()).isEqualTo(3);
    assertThat(data.dataset().height()).isEqualTo(4);
    assertThat(data.dataset().numClasses()).isEqualTo(3);
    assertThat(data.source()).endsWith("(Avro shards)");
  }

  private static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream o = new DataOutputStream(raw)) {
      o.writeInt(magic);
      for (int d : dims) {
        o.writeInt(d);
      }
      o.write(data);
    }
  }
}
