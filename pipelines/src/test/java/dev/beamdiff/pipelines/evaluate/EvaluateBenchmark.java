package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.transforms.metrics.image.DecodedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * End-to-end throughput of the evaluation pipeline on the DirectRunner (Avro shards in, report out,
 * KID off so the time is feature extraction plus statistics): Fashion-MNIST test vs. training
 * images with the fmnist detector (needs {@code beamdiff train-classifier} first), and synthetic
 * 299×299 RGB images with the Inception stand-in (a tiny network, so this measures the pipeline
 * around the detector, not Inception).
 *
 * <pre>
 *   tools/benchmarks/run-java-benchmark.sh pipelines \
 *     dev.beamdiff.pipelines.evaluate.EvaluateBenchmark [fmnist images per side] [299px images per side]
 * </pre>
 */
public final class EvaluateBenchmark {
  private EvaluateBenchmark() {}

  public static void main(String[] args) throws Exception {
    int fmnist = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int inception = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int threads = Runtime.getRuntime().availableProcessors();
    Path dir = Files.createTempDirectory("beamdiff-evaluate-bench");
    System.out.printf("DirectRunner, %d worker threads, load average %.1f%n", threads, load());

    IdxDataset data =
        DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    EvaluationInputs.writeAvro(
        dir.resolve("fm-real"), "test", images(data.test(), fmnist), threads);
    EvaluationInputs.writeAvro(
        dir.resolve("fm-fake"), "train", images(data.train(), fmnist), threads);
    time(
        "fmnist",
        2 * fmnist,
        options(dir, "fm-real", "fm-fake", "fmnist", ClassifierCheckpoint.defaultDir().toString()));

    Path standIn = dir.resolve("inception-standin.pt");
    try (var in = EvaluateBenchmark.class.getResourceAsStream("/fixtures/inception-standin.pt")) {
      Files.copy(in, standIn);
    }
    EvaluationInputs.writeAvro(
        dir.resolve("in-real"),
        "a",
        EvaluatePipelineTest.images(inception, 3, 0, new Random(1)),
        threads);
    EvaluationInputs.writeAvro(
        dir.resolve("in-fake"),
        "b",
        EvaluatePipelineTest.images(inception, 3, 30, new Random(2)),
        threads);
    time(
        "inception stand-in",
        2 * inception,
        options(dir, "in-real", "in-fake", "inception", standIn.toString()));
  }

  private static EvaluateOptions options(
      Path dir, String real, String fake, String detector, String model) {
    EvaluateOptions options = PipelineOptionsFactory.as(EvaluateOptions.class);
    options.setRunner(DirectRunner.class);
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setTargetParallelism(Runtime.getRuntime().availableProcessors());
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    options.setReal(dir.resolve(real) + "/*.avro");
    options.setFake(dir.resolve(fake) + "/*.avro");
    options.setDetector(detector);
    options.setDetectorModel(model);
    options.setKidSampleSize(0);
    options.setReport(dir.resolve(detector + "-report.json").toString());
    return options;
  }

  private static void time(String name, int images, EvaluateOptions options) {
    long start = System.nanoTime();
    Pipeline pipeline = Pipeline.create(options);
    EvaluatePipeline.build(pipeline, options);
    pipeline.run().waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%s: %d images in %.1f s = %.0f images/s (decode, prepare, detect, statistics, report)%n",
        name, images, seconds, images / seconds);
  }

  private static List<DecodedImage> images(LabeledImages split, int count) {
    int size = split.imageSize();
    List<DecodedImage> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(
          new DecodedImage(
              "fmnist-" + i,
              28,
              28,
              1,
              Arrays.copyOfRange(split.pixels(), i * size, (i + 1) * size)));
    }
    return images;
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
