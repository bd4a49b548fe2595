package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDManager;
import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.classifier.ClassifierTrainer;
import dev.beamdiff.classifier.TrainedClassifier;
import dev.beamdiff.classifier.TrainingProgress;
import dev.beamdiff.classifier.TrainingSettings;
import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.diffusion.noise.SplitMix64;
import dev.beamdiff.pipelines.evaluate.EvaluateOptions;
import dev.beamdiff.pipelines.evaluate.EvaluatePipeline;
import dev.beamdiff.pipelines.evaluate.EvaluationReport;
import dev.beamdiff.pipelines.preprocess.PreprocessOptions;
import dev.beamdiff.pipelines.preprocess.PreprocessPipeline;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.image.PngEncoder;
import dev.beamdiff.transforms.image.UInt8Image;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.FeatureMoments;
import dev.beamdiff.transforms.metrics.FeatureStatistics;
import dev.beamdiff.transforms.metrics.FrechetDistance;
import dev.beamdiff.transforms.metrics.KernelInceptionDistance;
import dev.beamdiff.viz.ImageGrid;
import dev.beamdiff.viz.LineChart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 7: the Beam pipelines on the embedded DirectRunner — preprocess an image folder into Avro
 * shards, evaluate the Fréchet distance of detector features (FID: Heusel et al. 2017,
 * arXiv:1706.08500) and KID (Bińkowski et al. 2018, arXiv:1801.01401) — and what the two metrics
 * measure: their response to noise, and the sample-size bias of FD that KID does not have.
 */
public final class Chapter7ScalingOut implements TutorialChapter {
  private static final Logger LOG = LoggerFactory.getLogger(Chapter7ScalingOut.class);
  private static final int SIZE = 28;

  @Override
  public int number() {
    return 7;
  }

  @Override
  public String title() {
    return "Scaling out: the Beam pipelines, FID and KID";
  }

  @Override
  public String markdown() {
    return "07-scaling-out.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    IdxDataset data =
        DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    int images = fast ? 200 : 2000;
    Path work = temporaryFolder();
    try {
      Path testImages = exportPngs(data.test(), images, work.resolve("test-images"));
      Path trainImages = exportPngs(data.train(), images, work.resolve("train-images"));
      Path shards = preprocess(testImages, work.resolve("test-shards"), results);
      Path detector = classifier(data, fast, work);
      evaluate(shards, trainImages, detector, work, fast, results);
      try (TrainedClassifier classifier = ClassifierCheckpoint.load(detector);
          NDManager manager = NDManager.newBaseManager()) {
        FeatureBatch test = features(classifier, manager, data.test(), fast ? 1000 : 10_000, 0);
        noiseStudy(classifier, manager, data.train(), test, fast, results);
        sampleSizeStudy(classifier, manager, data.train(), test, fast, results);
      }
    } finally {
      delete(work);
    }
    return results.result();
  }

  /** The first {@code count} images of a split as PNG files, standing in for "your images". */
  private static Path exportPngs(LabeledImages split, int count, Path dir) {
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < count; i++) {
        byte[] pixels = new byte[split.imageSize()];
        System.arraycopy(split.pixels(), i * pixels.length, pixels, 0, pixels.length);
        UInt8Image image = new UInt8Image(split.height(), split.width(), 1, pixels);
        Files.write(
            dir.resolve(String.format(Locale.ROOT, "%05d.png", i)), PngEncoder.encode(image));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PNG images to " + dir, e);
    }
    return dir;
  }

  /** {@code beamdiff preprocess}: image folder → Avro shards, on the DirectRunner. */
  private static Path preprocess(Path images, Path output, ChapterResults results) {
    // tutorial:begin preprocess
    PreprocessOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + images + "/*.png", // local paths, or gs://bucket/… on Dataflow
                "--output=" + output,
                "--size=28",
                "--channels=1",
                "--shards=2")
            .as(PreprocessOptions.class); // --runner defaults to the embedded DirectRunner
    PreprocessPipeline.create(options).run().waitUntilFinish();
    ShardManifest manifest = ShardManifest.fromJson(read(output.resolve("manifest.json")), "");
    // tutorial:end preprocess
    results.measure("preprocess.records", manifest.records());
    results.measure("preprocess.dead-letters", manifest.deadLetters());
    return output;
  }

  /**
   * The feature detector: the Fashion-MNIST classifier from the cache ({@code beamdiff
   * train-classifier}), trained now if missing; fast mode trains a small one in the work folder.
   */
  private static Path classifier(IdxDataset data, boolean fast, Path work) {
    Path dir = fast ? work.resolve("classifier") : ClassifierCheckpoint.defaultDir();
    if (!fast && Files.isRegularFile(dir.resolve(ClassifierCheckpoint.INFO))) {
      return dir;
    }
    TrainingSettings settings =
        fast ? new TrainingSettings(1, 100, 2e-3f, 7, 3000, 500) : TrainingSettings.defaults();
    LOG.info("training the Fashion-MNIST classifier (the FD/KID feature detector) into {}", dir);
    try (TrainedClassifier classifier =
        ClassifierTrainer.train(data.train(), data.test(), settings, TrainingProgress.NONE)) {
      ClassifierCheckpoint.save(classifier, dir);
    }
    return dir;
  }

  /** {@code beamdiff evaluate}: FD and KID between two image sets, as a Beam pipeline. */
  private static void evaluate(
      Path realShards,
      Path fakeImages,
      Path detector,
      Path work,
      boolean fast,
      ChapterResults results) {
    Path reportFile = work.resolve("evaluation.json");
    // tutorial:begin evaluate
    EvaluateOptions options =
        PipelineOptionsFactory.fromArgs(
                "--real=" + realShards + "/images-*.avro", // Avro shards, PNG folders or .npz
                "--fake=" + fakeImages,
                "--detector=fmnist", // or inception, with the TorchScript weights
                "--detectorModel=" + detector,
                "--kidSubsets=" + (fast ? 10 : 100),
                "--kidSubsetSize=" + (fast ? 100 : 1000),
                "--report=" + reportFile)
            .as(EvaluateOptions.class);
    EvaluatePipeline.run(options);
    EvaluationReport report = EvaluationReport.fromJson(read(reportFile));
    // tutorial:end evaluate
    results.measure("pipeline.fd(test vs train)", report.frechetDistance);
    results.measure("pipeline.kid(test vs train)", report.kid.mean);
    results.measure("pipeline.kid-std(test vs train)", report.kid.standardDeviation);
    results.measure("pipeline.n(real)", report.real.n);
  }

  /** FD and KID between test images and train images with growing noise. */
  private static void noiseStudy(
      TrainedClassifier classifier,
      NDManager manager,
      LabeledImages train,
      FeatureBatch test,
      boolean fast,
      ChapterResults results) {
    double[] sigmas = fast ? new double[] {0, 0.2, 0.4} : new double[] {0, 0.05, 0.1, 0.2, 0.4};
    int count = fast ? 500 : 5000;
    double[] fds = new double[sigmas.length];
    double[] kids = new double[sigmas.length];
    for (int k = 0; k < sigmas.length; k++) {
      FeatureBatch noisy = features(classifier, manager, train, count, sigmas[k]);
      // tutorial:begin metrics
      FeatureStatistics real = new FeatureMoments(test.dimension()).add(test).statistics();
      FeatureStatistics fake = new FeatureMoments(noisy.dimension()).add(noisy).statistics();
      double fd = FrechetDistance.between(real, fake).value(); // ‖μr − μf‖² + tr(Σr + Σf − 2√…)
      KernelInceptionDistance.Result kid =
          KernelInceptionDistance.compute(test, noisy, fast ? 10 : 100, fast ? 200 : 1000, 0);
      // tutorial:end metrics
      fds[k] = fd;
      kids[k] = kid.mean();
      String at = String.format(Locale.ROOT, "(σ=%.2f)", sigmas[k]);
      results.measure("noise.fd" + at, fd);
      results.measure("noise.kid" + at, kid.mean());
    }
    new LineChart("FD and KID against added noise (N = " + count + ")", "noise σ", "distance")
        .series("FD", sigmas, fds)
        .series("KID", sigmas, kids)
        .markers(true)
        .write(results.figure("07-metrics-vs-noise.png"), 800, 480);
    float[] strip = new float[sigmas.length * 8 * SIZE * SIZE];
    for (int k = 0; k < sigmas.length; k++) {
      float[] row = noisyImages(train, 8, sigmas[k]);
      for (int i = 0; i < row.length; i++) {
        strip[k * row.length + i] = row[i] / 127.5f - 1f;
      }
    }
    new ImageGrid(8, 2, 2)
        .write(
            results.figure("07-noisy-train-images.png"), strip, sigmas.length * 8, 1, SIZE, SIZE);
  }

  /** FD and KID between the test set and N real training images, for growing N. */
  private static void sampleSizeStudy(
      TrainedClassifier classifier,
      NDManager manager,
      LabeledImages train,
      FeatureBatch test,
      boolean fast,
      ChapterResults results) {
    int[] sizes = fast ? new int[] {100, 200, 400} : new int[] {100, 200, 500, 1000, 2000, 5000};
    double[] n = new double[sizes.length];
    double[] fds = new double[sizes.length];
    double[] kids = new double[sizes.length];
    FeatureStatistics real = new FeatureMoments(test.dimension()).add(test).statistics();
    FeatureBatch all = features(classifier, manager, train, sizes[sizes.length - 1], 0);
    for (int k = 0; k < sizes.length; k++) {
      FeatureBatch subset = rows(all, sizes[k]);
      n[k] = sizes[k];
      fds[k] =
          FrechetDistance.between(
                  real, new FeatureMoments(subset.dimension()).add(subset).statistics())
              .value();
      kids[k] =
          KernelInceptionDistance.compute(test, subset, fast ? 10 : 100, fast ? 200 : 1000, 0)
              .mean();
      results.measure("size.fd(N=" + sizes[k] + ")", fds[k]);
      results.measure("size.kid(N=" + sizes[k] + ")", kids[k]);
    }
    new LineChart("Real vs real: FD and KID against sample size N", "N", "distance")
        .series("FD", n, fds)
        .series("KID", n, kids)
        .logAxes(true, false)
        .markers(true)
        .write(results.figure("07-metrics-vs-sample-size.png"), 800, 480);
  }

  /**
   * Detector features of the first {@code count} images of a split, after adding Gaussian noise of
   * standard deviation {@code sigma} in [−1, 1] units and re-quantising to bytes.
   */
  private static FeatureBatch features(
      TrainedClassifier classifier,
      NDManager manager,
      LabeledImages split,
      int count,
      double sigma) {
    float[] pixels = noisyImages(split, count, sigma);
    int batch = 500;
    float[] features = new float[0];
    int dimension = 0;
    for (int start = 0; start < count; start += batch) {
      int n = Math.min(batch, count - start);
      float[] part = classifier.features(manager, pixels, start * SIZE * SIZE, n);
      if (features.length == 0) {
        dimension = part.length / n;
        features = new float[count * dimension];
      }
      System.arraycopy(part, 0, features, start * dimension, part.length);
    }
    return new FeatureBatch(count, dimension, features);
  }

  /** Pixels in [0, 255] of the first {@code count} images with seeded noise added and rounded. */
  private static float[] noisyImages(LabeledImages split, int count, double sigma) {
    int size = split.imageSize();
    float[] out = new float[count * size];
    for (int i = 0; i < count; i++) {
      RandomGenerator random = SplitMix64.forStream(i, 7);
      for (int p = 0; p < size; p++) {
        double x = (split.pixels()[i * size + p] & 0xFF) / 127.5 - 1;
        double noisy = sigma == 0 ? x : x + sigma * random.nextGaussian();
        out[i * size + p] = Math.round(Math.max(0, Math.min(255, (noisy + 1) * 127.5)));
      }
    }
    return out;
  }

  private static FeatureBatch rows(FeatureBatch batch, int count) {
    float[] values = new float[count * batch.dimension()];
    System.arraycopy(batch.values(), 0, values, 0, values.length);
    return new FeatureBatch(count, batch.dimension(), values);
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("beamdiff-tutorial-7-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete the work folder {}: {}", dir, e.getMessage());
    }
  }
}
