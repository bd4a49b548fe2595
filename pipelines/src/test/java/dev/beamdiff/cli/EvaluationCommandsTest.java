package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.pipelines.evaluate.EvaluationReport;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.metrics.image.DecodedImage;
import dev.beamdiff.transforms.metrics.image.ImageDecoding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beamdiff train-classifier} (briefly) then {@code beamdiff evaluate --detector fmnist} on
 * real Fashion-MNIST: test images as Avro shards against training images as a PNG folder.
 */
@Tag("slow")
class EvaluationCommandsTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = BeamDiff.commandLine().execute(args);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void trainsTheDetectorThenEvaluatesRealData(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("classifier");
    Run train =
        run(
            "train-classifier",
            "--epochs=1",
            "--batch-size=64",
            "--train-limit=3000",
            "--output=" + checkpoint);
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out()).contains("test accuracy").contains("checkpoint: ");
    assertThat(checkpoint.resolve(ClassifierCheckpoint.WEIGHTS)).isRegularFile();

    IdxDataset data =
        DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    writeAvro(dir.resolve("real/test.avro"), data.test(), 0, 800);
    for (int i = 0; i < 800; i++) {
      Files.write(
          dir.resolve(String.format("fake-%04d.png", i)),
          ImageDecoding.toPng(image(data.train(), 20_000 + i)));
    }
    Files.createDirectories(dir.resolve("fake"));
    try (var pngs = Files.list(dir)) {
      for (Path png : pngs.filter(p -> p.toString().endsWith(".png")).toList()) {
        Files.move(png, dir.resolve("fake").resolve(png.getFileName()));
      }
    }
    Path report = dir.resolve("report.json");
    Run evaluate =
        run(
            "evaluate",
            "--real=" + dir.resolve("real/test.avro"),
            "--fake=" + dir.resolve("fake"),
            "--detector-model=" + checkpoint,
            "--report=" + report,
            "--kid-subsets=20",
            "--kid-subset-size=500",
            "--parallelism=2");
    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    assertThat(evaluate.out())
        .contains("FD (fmnist features) = ")
        .contains("KID = ")
        .contains("real: N = 800")
        .contains("fake: N = 800")
        .contains("resize: none (inputs already 28×28)")
        .contains("warning: real has only 800 samples");
    EvaluationReport parsed = EvaluationReport.fromJson(Files.readString(report));
    // Same distribution (test vs train images): small next to e.g. tops vs. other classes (~350).
    assertThat(parsed.frechetDistance).isPositive().isLessThan(10);
    // KID is unbiased: for two samples of one distribution it is zero up to sampling noise, whose
    // scale is the spread over subsets (a biased, V-statistic estimate would sit several spreads
    // above zero).
    assertThat(Math.abs(parsed.kid.mean))
        .as("KID %s ± %s", parsed.kid.mean, parsed.kid.standardDeviation)
        .isLessThan(3 * parsed.kid.standardDeviation);

    Run missing =
        run(
            "evaluate",
            "--real=" + dir.resolve("real/test.avro"),
            "--fake=" + dir.resolve("fake"),
            "--detector-model=" + dir.resolve("no-such-checkpoint"),
            "--report=" + dir.resolve("missing.json"));
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("run `beamdiff train-classifier` first");
  }

  private static DecodedImage image(LabeledImages split, int i) {
    int size = split.imageSize();
    return new DecodedImage(
        "fmnist-" + i,
        split.height(),
        split.width(),
        1,
        Arrays.copyOfRange(split.pixels(), i * size, (i + 1) * size));
  }

  private static void writeAvro(Path file, LabeledImages split, int from, int count)
      throws Exception {
    Files.createDirectories(file.getParent());
    try (DataFileWriter<ImageRecord> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ImageRecord.class))) {
      writer.create(ImageRecord.getClassSchema(), file.toFile());
      for (int i = from; i < from + count; i++) {
        DecodedImage image = image(split, i);
        writer.append(
            ImageRecord.newBuilder()
                .setId("test-" + i)
                .setSourceUri("t10k-images-idx3-ubyte.gz#" + i)
                .setLabel(split.labels()[i])
                .setHeight(28)
                .setWidth(28)
                .setChannels(1)
                .setEncoding(PixelEncoding.RAW_UINT8_HWC)
                .setPixels(ByteBuffer.wrap(image.pixels()))
                .build());
      }
    }
  }
}
