package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.pipelines.evaluate.EvaluateOptions;
import dev.beamdiff.pipelines.evaluate.EvaluatePipeline;
import dev.beamdiff.pipelines.evaluate.EvaluationReport;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.avro.WriteImageShards;
import dev.beamdiff.transforms.image.UInt8Image;
import dev.beamdiff.transforms.metrics.features.ExtractFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The Fréchet distance (and KID) in the fmnist classifier's feature space between the test split
 * and (1) N training images, the reference point a perfect model would reach at this N, and (2) the
 * N generated images, with the evaluation pipeline ({@link EvaluatePipeline}). The first run saves
 * the test split's statistics, which the second reuses.
 */
final class EvaluateStage implements Stage {
  static final String REFERENCE_REPORT = "reference.json";
  static final String GENERATED_REPORT = "generated.json";
  private static final String TEST_STATISTICS = "test-stats.npz";

  private final QuickstartSettings settings;

  EvaluateStage(QuickstartSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String title() {
    return "FD and KID (fmnist features) against the test split";
  }

  @Override
  public Optional<String> finished() {
    Optional<EvaluationReport> reference = report(settings, REFERENCE_REPORT);
    Optional<EvaluationReport> generated = report(settings, GENERATED_REPORT);
    if (reference.isEmpty() || generated.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "FD %.4f (reference %.4f) in %s",
            generated.get().frechetDistance,
            reference.get().frechetDistance,
            settings.evaluationDir()));
  }

  @Override
  public void clear() {
    Folders.delete(settings.evaluationDir());
    Folders.delete(settings.referenceDir());
  }

  @Override
  public void run(StageLog log) {
    clear();
    writeReferenceImages(log);
    log.note("test split vs " + settings.n() + " training images (the reference point)");
    evaluate(testShards(), settings.referenceDir(), REFERENCE_REPORT, true, log);
    log.note("test split vs the " + settings.n() + " generated images");
    evaluate(statistics(), settings.generatedDir(), GENERATED_REPORT, false, log);
    EvaluationReport generated = report(settings, GENERATED_REPORT).orElseThrow();
    EvaluationReport reference = report(settings, REFERENCE_REPORT).orElseThrow();
    log.note(
        String.format(
            "FD %.4f (generated), %.4f (training images)",
            generated.frechetDistance, reference.frechetDistance));
    for (String warning : generated.warnings) {
      log.note("warning: " + warning);
    }
  }

  @Override
  public List<String> commands() {
    return List.of(
        evaluateCommand(testShards(), settings.referenceDir().toString(), REFERENCE_REPORT)
            + " --save-stats "
            + statistics(),
        evaluateCommand(statistics(), settings.generatedDir().toString(), GENERATED_REPORT));
  }

  /** The report {@code name} of a finished evaluation of N images, if there is one. */
  static Optional<EvaluationReport> report(QuickstartSettings settings, String name) {
    Path file = settings.evaluationDir().resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      EvaluationReport r = EvaluationReport.fromJson(Folders.read(file));
      boolean complete =
          r != null
              && r.frechetDistance != null
              && r.fake != null
              && r.fake.n != null
              && r.fake.n == settings.n();
      return complete ? Optional.of(r) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private String evaluateCommand(String real, String fake, String report) {
    return "./beamdiff evaluate --real '"
        + real
        + "' --fake "
        + fake
        + " --detector fmnist --detector-model "
        + settings.classifierDir()
        + " --report "
        + settings.evaluationDir().resolve(report);
  }

  private void evaluate(String real, Path fake, String report, boolean saveStats, StageLog log) {
    EvaluateOptions options = PipelineOptionsFactory.as(EvaluateOptions.class);
    options.setReal(real);
    options.setFake(fake.toString());
    options.setDetector("fmnist");
    options.setDetectorModel(settings.classifierDir().toString());
    options.setReport(settings.evaluationDir().resolve(report).toString());
    if (saveStats) {
      options.setSaveStats(statistics());
    }
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setBlockOnRun(false);
    // As `beamdiff evaluate`: re-encoding every accumulator to check it would dominate the run.
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    Pipeline pipeline = Pipeline.create(options);
    EvaluatePipeline.build(pipeline, options);
    try {
      Files.createDirectories(settings.evaluationDir());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    PipelineResult result = pipeline.run();
    new PipelineWait(
            ExtractFeatures.class.getName(), "images", "images through the detector", 0, 10_000)
        .await(result, "the evaluation " + report, log.out());
    if (report(settings, report).isEmpty()) {
      throw new IllegalStateException(
          "the evaluation finished but "
              + settings.evaluationDir().resolve(report)
              + " holds no FD of "
              + settings.n()
              + " images; see the rejected inputs next to it");
    }
  }

  /** The first N training images as PNGs. */
  private void writeReferenceImages(StageLog log) {
    log.note("writing " + settings.n() + " training images to " + settings.referenceDir());
    int written = 0;
    try (Stream<ImageRecord> records =
        ImageShards.open(settings.trainShards().toString()).records()) {
      for (Iterator<ImageRecord> it = records.iterator();
          it.hasNext() && written < settings.n(); ) {
        UInt8Image image = ImageRecords.image(it.next());
        PngFiles.write(
            settings.referenceDir().resolve(PngFiles.name(written)),
            image.pixels(),
            image.height(),
            image.width(),
            image.channels());
        written++;
      }
    }
    if (written < settings.n()) {
      throw new IllegalStateException(
          "--n " + settings.n() + ": the training split has only " + written + " images");
    }
  }

  private String testShards() {
    return settings.testShards().resolve(WriteImageShards.PREFIX + "-*.avro").toString();
  }

  private String statistics() {
    return settings.evaluationDir().resolve(TEST_STATISTICS).toString();
  }
}
