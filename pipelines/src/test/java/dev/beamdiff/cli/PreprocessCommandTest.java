package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.pipelines.PipelineOptionProperty;
import dev.beamdiff.pipelines.preprocess.PreprocessOptions;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.image.PngEncoder;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessCommandTest {
  @TempDir Path dir;

  private CliRun last;

  private int run(String... args) {
    last = CliRun.of(args);
    return last.exit();
  }

  @Test
  void helpListsEveryPipelineOptionWithItsDefault() {
    assertThat(run("preprocess", "--help")).isZero();
    String help = last.out().replaceAll("\\s+", " ");
    for (PipelineOptionProperty p : PipelineOptionProperty.of(PreprocessOptions.class)) {
      String entry =
          "--"
              + p.name()
              + (p.type() == boolean.class ? "[=true|false]" : "=" + p.name().toUpperCase());
      String description = help.substring(help.lastIndexOf(entry));
      p.defaultValue()
          .ifPresent(
              d ->
                  assertThat(description.substring(description.indexOf("Default: ")))
                      .startsWith("Default: " + d + "."));
    }
    assertThat(help).contains("--runner=RUNNER").contains("Default: DirectRunner");
  }

  @Test
  void missingRequiredOptionsAreNamed() {
    assertThat(run("preprocess", "--size", "16")).isEqualTo(2);
    assertThat(last.err())
        .contains("Missing required options")
        .contains("--input")
        .contains("--output");
  }

  @Test
  void runnerOptionsAreJoinedWithTheirValues() {
    assertThat(
            PipelineOptionsCli.joined(
                List.of(
                    "--project", "p", "--enforceImmutability", "--region=r", "--x", "--y", "v")))
        .containsExactly("--project=p", "--enforceImmutability", "--region=r", "--x", "--y=v");
  }

  @Tag("slow")
  @Test
  void preprocessesAFolderAndRefusesToOverwriteIt() throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    for (int i = 0; i < 3; i++) {
      Files.write(
          images.resolve("img" + i + ".png"),
          PngEncoder.encode(UInt8Image.filled(10 + i, 20, 3, 40 * i)));
    }
    Files.writeString(images.resolve("broken.png"), "not a png");
    Path output = dir.resolve("out");

    int code =
        run(
            "preprocess",
            "--input",
            images + "/*.png",
            "--output=" + output,
            "--size",
            "8",
            "--channels=1",
            "--encoding=png",
            "--targetParallelism",
            "2",
            "--progressSeconds=1");

    assertThat(code).as(last.err()).isZero();
    assertThat(last.out())
        .contains("Preprocessing " + images + "/*.png into " + output + "/ on the DirectRunner")
        .contains("3 images")
        .contains("1 dead letters")
        .contains("8×8×1, PNG")
        .contains(output.resolve("manifest.json").toString())
        .contains(output.resolve("dead-letters.jsonl").toString());
    assertThat(ImageShards.open(output.toString()).readAll().count()).isEqualTo(3);
    assertThat(Files.readString(output.resolve("dead-letters.jsonl"))).contains("broken.png");

    assertThat(run("preprocess", "--input=" + images + "/*.png", "--output=" + output))
        .isEqualTo(1);
    assertThat(last.err()).contains("already holds a preprocessed dataset (manifest.json)");
  }
}
