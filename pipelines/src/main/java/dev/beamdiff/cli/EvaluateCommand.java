package dev.beamdiff.cli;

import dev.beamdiff.pipelines.evaluate.EvaluateOptions;
import dev.beamdiff.pipelines.evaluate.EvaluatePipeline;
import dev.beamdiff.pipelines.evaluate.EvaluationReport;
import dev.beamdiff.transforms.metrics.features.ExtractFeatures;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code beamdiff evaluate}: FID/FD and KID between real and generated images, as a Beam pipeline
 * on the embedded DirectRunner (or any runner given with {@code --runner=...}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare generated images with real ones: Fréchet distance (FID with --detector inception)"
          + " and KID, written as a JSON report.",
      "Inputs are Avro shards (*.avro), an image folder (its *.png) or glob, or statistics saved"
          + " with --save-stats (.npz; clean-fid's files work too).",
      "Other --name=value options go to Beam, e.g. --runner=DataflowRunner --project=P"
          + " --region=R --tempLocation=gs://…"
    })
final class EvaluateCommand implements Callable<Integer> {

  @Option(
      names = "--real",
      required = true,
      paramLabel = "INPUT",
      description = "Reference images or statistics.")
  String real;

  @Option(
      names = "--fake",
      paramLabel = "INPUT",
      description = "Images to evaluate; may be left out with --save-stats.")
  String fake;

  @Option(
      names = "--detector",
      paramLabel = "NAME",
      description = "inception or fmnist (default: ${DEFAULT-VALUE}).")
  String detector = "fmnist";

  @Option(
      names = "--detector-model",
      paramLabel = "PATH",
      description =
          "inception: the TorchScript inception-2015-12-05.pt (required); fmnist: the checkpoint"
              + " folder (default: the cache, written by `beamdiff train-classifier`).")
  String detectorModel = "";

  @Option(
      names = "--save-stats",
      paramLabel = "FILE.npz",
      description = "Save the real side's statistics and KID sample for reuse as --real.")
  String saveStats;

  @Option(
      names = "--save-fake-stats",
      paramLabel = "FILE.npz",
      description = "Save the fake side's statistics.")
  String saveFakeStats;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "JSON report (default: ${DEFAULT-VALUE}).")
  String report = "evaluation.json";

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per detector call (default: ${DEFAULT-VALUE}).")
  int batchSize = 64;

  @Option(
      names = "--kid-subsets",
      paramLabel = "N",
      description = "KID subsets (default: ${DEFAULT-VALUE}, as clean-fid).")
  int kidSubsets = 100;

  @Option(
      names = "--kid-subset-size",
      paramLabel = "N",
      description = "Largest KID subset per side (default: ${DEFAULT-VALUE}, as clean-fid).")
  int kidSubsetSize = 1000;

  @Option(
      names = "--kid-sample-size",
      paramLabel = "N",
      description = "Features kept per side for KID; 0 = no KID (default: ${DEFAULT-VALUE}).")
  int kidSampleSize = 10_000;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the KID sample and subsets (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "DirectRunner worker threads (default: the number of cores, ${DEFAULT-VALUE}).")
  int parallelism = java.lang.Runtime.getRuntime().availableProcessors();

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    EvaluateOptions options = options();
    Pipeline pipeline = Pipeline.create(options);
    EvaluatePipeline.build(pipeline, options);
    boolean local = options.getRunner() == DirectRunner.class;
    PipelineResult result = pipeline.run();
    if (!local) {
      System.out.printf(
          "submitted to %s; the report will be written to %s%n",
          options.getRunner().getSimpleName(), report);
      return 0;
    }
    waitWithProgress(result);
    print(readReport(), System.out);
    System.out.printf("report: %s%n", report);
    return 0;
  }

  EvaluateOptions options() {
    List<String> args = new ArrayList<>();
    args.add("--real=" + real);
    if (fake != null) {
      args.add("--fake=" + fake);
    }
    args.add("--detector=" + detector);
    args.add("--detectorModel=" + detectorModel);
    if (saveStats != null) {
      args.add("--saveStats=" + saveStats);
    }
    if (saveFakeStats != null) {
      args.add("--saveFakeStats=" + saveFakeStats);
    }
    args.add("--report=" + report);
    args.add("--batchSize=" + batchSize);
    args.add("--kidSubsets=" + kidSubsets);
    args.add("--kidSubsetSize=" + kidSubsetSize);
    args.add("--kidSampleSize=" + kidSampleSize);
    args.add("--seed=" + seed);
    args.addAll(beamArguments);
    EvaluateOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withValidation()
            .as(EvaluateOptions.class);
    if (options.getRunner() == DirectRunner.class) {
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setTargetParallelism(Math.max(1, parallelism));
      direct.setBlockOnRun(false);
      // The DoFns do not mutate their inputs (the tests run with these checks on); re-encoding
      // every 32 MiB accumulator and feature batch to check would dominate the run time.
      direct.setEnforceImmutability(false);
      direct.setEnforceEncodability(false);
    }
    return options;
  }

  /** Shows images through the detector per second until the pipeline finishes. */
  private static void waitWithProgress(PipelineResult result) {
    MetricsFilter filter =
        MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(ExtractFeatures.class, "images"))
            .build();
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("features")
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .showSpeed()
            .setUnit(" images", 1)
            .build()) {
      PipelineResult.State state;
      do {
        state = result.waitUntilFinish(Duration.standardSeconds(1));
        bar.stepTo(images(result.metrics().queryMetrics(filter)));
      } while (state == null || !state.isTerminal());
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the evaluation pipeline ended in state " + state);
      }
    }
  }

  private static long images(MetricQueryResults metrics) {
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long attempted = counter.getAttempted();
      total += attempted == null ? 0 : attempted;
    }
    return total;
  }

  private EvaluationReport readReport() throws IOException {
    try (Reader in =
        Channels.newReader(
            FileSystems.open(FileSystems.matchSingleFileSpec(report).resourceId()),
            StandardCharsets.UTF_8)) {
      StringBuilder json = new StringBuilder();
      char[] buffer = new char[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        json.append(buffer, 0, n);
      }
      return EvaluationReport.fromJson(json.toString());
    }
  }

  /** The summary printed after a local run. */
  static void print(EvaluationReport r, PrintStream out) {
    String metric =
        r.detector.name.equals("inception") ? "FID" : "FD (" + r.detector.name + " features)";
    if (r.frechetDistance != null) {
      out.printf("%s = %.4f%n", metric, r.frechetDistance);
    }
    if (r.kid != null) {
      out.printf(
          "KID = %.6f ± %.6f (%d subsets of %d)%n",
          r.kid.mean, r.kid.standardDeviation, r.kid.subsets, r.kid.subsetSize);
    } else if (r.kidUnavailable != null) {
      out.printf("KID not computed: %s%n", r.kidUnavailable);
    }
    side("real", r.real, out);
    if (r.fake != null) {
      side("fake", r.fake, out);
    }
    out.printf(
        "detector: %s, %d features, input %s%n",
        r.detector.description, r.detector.featureDimension, r.detector.input);
    for (String warning : r.warnings) {
      out.printf("warning: %s%n", warning);
    }
  }

  private static void side(String name, EvaluationReport.Side side, PrintStream out) {
    out.printf(
        "%s: N = %s from %s (%s), resize: %s%s%n",
        name,
        side.n == null ? "unknown" : side.n.toString(),
        side.location,
        side.kind,
        side.resizeMode,
        side.rejected > 0 ? ", " + side.rejected + " rejected" : "");
  }
}
