package dev.beamdiff.pipelines.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.FeatureMoments;
import dev.beamdiff.transforms.metrics.FrechetDistance;
import dev.beamdiff.transforms.metrics.KernelInceptionDistance;
import dev.beamdiff.transforms.metrics.StatisticsFile;
import dev.beamdiff.transforms.metrics.detector.InceptionDetector;
import dev.beamdiff.transforms.metrics.image.DecodedImage;
import dev.beamdiff.transforms.metrics.image.InputPreparation;
import dev.beamdiff.transforms.metrics.image.PillowBicubicResizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation pipeline end to end on the DirectRunner with 4 worker threads, using the
 * TorchScript stand-in for Inception: Avro shards against a PNG folder, with bad inputs mixed in,
 * then the saved statistics against each other. FD and KID must equal the same computation done
 * directly on the detector's features.
 */
@Tag("slow")
class EvaluatePipelineTest {
  private static final int N = 12;

  @TempDir static Path dir;

  private static Path standIn;
  private static List<DecodedImage> realImages;
  private static List<DecodedImage> fakeImages;

  @BeforeAll
  static void writeInputs() throws Exception {
    standIn = dir.resolve("inception-standin.pt");
    try (var in =
        EvaluatePipelineTest.class.getResourceAsStream("/fixtures/inception-standin.pt")) {
      Files.copy(in, standIn);
    }
    realImages = images(N, 3, 0, new Random(1));
    // The fake side: N − 1 images at the detector's size and one 64×64 image that the Pillow-exact
    // bicubic resize brings to 299×299.
    fakeImages = new ArrayList<>(images(N - 1, 1, 40, new Random(2)));
    DecodedImage small = new DecodedImage("small", 64, 64, 1, gradient(64));
    fakeImages.add(small);
    EvaluationInputs.writeAvro(dir.resolve("real"), "shard", realImages, 2);
    // A record whose pixels do not match its declared size.
    try (DataFileWriter<ImageRecord> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ImageRecord.class))) {
      writer.create(ImageRecord.getClassSchema(), dir.resolve("real/shard-bad.avro").toFile());
      ImageRecord bad = EvaluationInputs.record("bad", realImages.get(0));
      bad.setPixels(ByteBuffer.wrap(new byte[10]));
      writer.append(bad);
    }
    Path fake = dir.resolve("fake");
    EvaluationInputs.writePngs(fake, fakeImages);
    Files.writeString(fake.resolve("broken.png"), "not a png");
  }

  /** A diagonal ramp, so the resized image is not constant. */
  private static byte[] gradient(int n) {
    byte[] px = new byte[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        px[y * n + x] = (byte) (2 * (x + y));
      }
    }
    return px;
  }

  /** Smooth random patterns, {@code channels} channels, brightness offset {@code shift}. */
  static List<DecodedImage> images(int count, int channels, int shift, Random random) {
    int n = 299;
    List<DecodedImage> images = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      byte[] px = new byte[n * n * channels];
      double fx = 0.01 + 0.05 * random.nextDouble();
      double fy = 0.01 + 0.05 * random.nextDouble();
      double phase = 6 * random.nextDouble();
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          for (int c = 0; c < channels; c++) {
            double v =
                110
                    + shift
                    + 90 * Math.sin(fx * x + fy * y + phase + c)
                    + 20 * random.nextGaussian();
            px[(y * n + x) * channels + c] = (byte) Math.max(0, Math.min(255, (int) v));
          }
        }
      }
      images.add(new DecodedImage("image-" + k, n, n, channels, px));
    }
    return images;
  }

  private static FeatureBatch features(List<DecodedImage> images) {
    InputPreparation preparation =
        new InputPreparation(InceptionDetector.INPUT, new PillowBicubicResizer());
    float[] input = new float[images.size() * InceptionDetector.INPUT.size()];
    for (int i = 0; i < images.size(); i++) {
      preparation.prepare(images.get(i), input, i * InceptionDetector.INPUT.size());
    }
    try (InceptionDetector detector = InceptionDetector.open(standIn)) {
      return detector.extract(input, images.size());
    }
  }

  private static EvaluateOptions options(String real, String fake) {
    EvaluateOptions options = PipelineOptionsFactory.as(EvaluateOptions.class);
    options.setRunner(DirectRunner.class);
    options.as(DirectOptions.class).setTargetParallelism(4);
    options.setReal(real);
    options.setFake(fake);
    options.setDetector("inception");
    options.setDetectorModel(standIn.toString());
    options.setBatchSize(5);
    options.setKidSubsets(3);
    options.setKidSubsetSize(1000);
    options.setKidSampleSize(1000);
    return options;
  }

  private static EvaluationReport run(EvaluateOptions options) throws IOException {
    Pipeline pipeline = Pipeline.create(options);
    EvaluatePipeline.build(pipeline, options);
    pipeline.run().waitUntilFinish();
    return EvaluationReport.fromJson(Files.readString(Path.of(options.getReport())));
  }

  @Test
  void imagesThenSavedStatisticsGiveTheDirectlyComputedDistances() throws IOException {
    FeatureBatch realFeatures = features(realImages);
    FeatureBatch fakeFeatures = features(fakeImages);
    double expectedFd =
        FrechetDistance.between(
                new FeatureMoments().add(realFeatures).statistics(),
                new FeatureMoments().add(fakeFeatures).statistics())
            .value();
    // Subsets as large as the data: every subset is the whole set, KID = full-set MMD².
    double expectedKid = KernelInceptionDistance.unbiasedMmd2(realFeatures, fakeFeatures);

    EvaluateOptions images =
        options(dir.resolve("real/*.avro").toString(), dir.resolve("fake").toString());
    images.setReport(dir.resolve("images/report.json").toString());
    images.setSaveStats(dir.resolve("images/real.npz").toString());
    images.setSaveFakeStats(dir.resolve("images/fake.npz").toString());
    Files.createDirectories(dir.resolve("images"));
    EvaluationReport report = run(images);

    assertThat(report.real.n).isEqualTo(N);
    assertThat(report.fake.n).isEqualTo(N);
    assertThat(report.real.kind).isEqualTo("avro");
    assertThat(report.fake.kind).isEqualTo("images");
    assertThat(report.real.inputShapes).containsEntry("299×299×3", (long) N);
    assertThat(report.fake.inputShapes)
        .containsEntry("299×299×1", (long) N - 1)
        .containsEntry("64×64×1", 1L);
    assertThat(report.real.rejected).isEqualTo(1);
    assertThat(report.fake.rejected).isEqualTo(1);
    assertThat(String.join("\n", report.fake.rejectedExamples)).contains("broken.png");
    assertThat(Files.readAllLines(Path.of(report.rejectedFile), StandardCharsets.UTF_8)).hasSize(2);
    assertThat(report.detector.name).isEqualTo("inception");
    assertThat(report.detector.featureDimension).isEqualTo(2048);
    assertThat(report.real.resizeMode).startsWith("none");
    assertThat(report.fake.resizeMode).startsWith("clean");
    assertThat(report.warnings).anyMatch(w -> w.contains("only 12 samples"));
    assertThat(report.frechetDistance).isCloseTo(expectedFd, within(1e-6 * expectedFd));
    assertThat(report.frechetTerms.meanTerm).isPositive();
    assertThat(report.kid.mean).isCloseTo(expectedKid, within(1e-6 * Math.abs(expectedKid)));
    assertThat(report.kid.subsetSize).isEqualTo(N);

    StatisticsFile.Contents saved = StatisticsFile.read(images.getSaveStats());
    assertThat(saved.statistics().count()).isEqualTo(N);
    assertThat(saved.detector()).isEqualTo("inception");
    assertThat(saved.kidSample().orElseThrow().rows()).isEqualTo(N);

    EvaluateOptions statistics = options(images.getSaveStats(), images.getSaveFakeStats());
    statistics.setReport(dir.resolve("stats/report.json").toString());
    Files.createDirectories(dir.resolve("stats"));
    EvaluationReport again = run(statistics);
    assertThat(again.real.kind).isEqualTo("statistics");
    assertThat(again.real.n).isEqualTo(N);
    assertThat(again.frechetDistance).isCloseTo(report.frechetDistance, within(1e-9 * expectedFd));
    assertThat(again.kid.mean).isEqualTo(report.kid.mean);
    assertThat(again.fake.resizeMode).isEqualTo(report.fake.resizeMode);
  }

  @Test
  void refusesStatisticsOfAnotherDetector() throws IOException {
    Path stats = dir.resolve("other/real.npz");
    Files.createDirectories(stats.getParent());
    EvaluateOptions save = options(dir.resolve("real/shard-0.avro").toString(), null);
    save.setSaveStats(stats.toString());
    save.setKidSampleSize(0);
    save.setReport(dir.resolve("other/report.json").toString());
    EvaluationReport report = run(save);
    assertThat(report.frechetDistance).isNull();
    assertThat(report.kidUnavailable).contains("no --fake");

    EvaluateOptions mismatch = options(stats.toString(), stats.toString());
    mismatch.setDetector("fmnist");
    mismatch.setReport(dir.resolve("other/mismatch.json").toString());
    assertThatThrownBy(() -> run(mismatch))
        .hasMessageContaining("holds statistics of the 'inception' detector")
        .hasMessageContaining("--detector fmnist");
  }
}
