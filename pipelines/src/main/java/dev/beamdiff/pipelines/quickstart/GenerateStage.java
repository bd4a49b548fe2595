package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.pipelines.generate.GenerateOptions;
import dev.beamdiff.pipelines.generate.GeneratePipeline;
import dev.beamdiff.pipelines.generate.GenerationReport;
import dev.beamdiff.transforms.generate.GenerateMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Generates N images from the final checkpoint's EMA weights with the batch-generation pipeline
 * ({@link GeneratePipeline}) on the DirectRunner into {@code generated/img-NNNNNN.png} and {@code
 * generation.json}. Image i has label i mod K and noise from (seed, i) alone, so the images do not
 * depend on how the work is split. Finished means {@code generation.json} reports N images and N
 * PNGs are there.
 */
final class GenerateStage implements Stage {
  private final QuickstartSettings settings;
  private final Path checkpointDir;

  GenerateStage(QuickstartSettings settings, Path checkpointDir) {
    this.settings = settings;
    this.checkpointDir = checkpointDir;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public String title() {
    QuickstartSettings.Generation g = settings.generation();
    return String.format(
        "%,d images with %s, %d steps, guidance %s",
        settings.n(), g.sampler(), g.steps(), g.guidance());
  }

  @Override
  public Optional<String> finished() {
    return report(settings)
        .filter(r -> Folders.count(settings.generatedDir(), ".png") == settings.n())
        .map(
            r ->
                String.format(
                    "%,d images from %s in %s",
                    r.written, r.request.checkpointFile, settings.generatedDir()));
  }

  @Override
  public void clear() {
    Folders.delete(settings.generatedDir());
  }

  @Override
  public void run(StageLog log) {
    clear();
    GenerationReport report = withPipeline(log);
    log.note(
        String.format(
            "%,d images (%.1f/s) from %s into %s",
            report.written,
            report.imagesPerSecond,
            report.request.checkpointFile,
            settings.generatedDir()));
    if (report(settings).isEmpty()) {
      throw new IllegalStateException(
          "the generation finished but "
              + settings.generatedDir()
              + " does not hold "
              + settings.n()
              + " images and their "
              + GenerationReport.FILE_NAME);
    }
  }

  /** The images through the batch-generation pipeline on the DirectRunner. */
  private GenerationReport withPipeline(StageLog log) {
    QuickstartSettings.Generation g = settings.generation();
    GenerateOptions options = PipelineOptionsFactory.as(GenerateOptions.class);
    options.setCheckpoint(checkpointDir.toString());
    options.setN(settings.n());
    options.setSampler(g.sampler());
    options.setSteps(g.steps());
    options.setGuidance(g.guidance());
    options.setSeed(g.seed());
    options.setOutput(settings.generatedDir().toString());
    options.setFormat("png");
    options.setBatchSize(g.batch());
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setBlockOnRun(false);
    // One worker thread: libtorch already spreads each batch over the cores.
    direct.setTargetParallelism(1);
    // As `beamdiff generate`: the DirectRunner's checks would re-encode every image.
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    GeneratePipeline.Running running = GeneratePipeline.start(options);
    new PipelineWait(
            GenerateMetrics.NAMESPACE, GenerateMetrics.GENERATED, "images", settings.n(), 10_000)
        .await(running.result(), "generating", log.out());
    return running.finish();
  }

  @Override
  public List<String> commands() {
    QuickstartSettings.Generation g = settings.generation();
    return List.of(
        "./beamdiff generate --checkpoint "
            + checkpointDir
            + " --n "
            + settings.n()
            + " --sampler "
            + g.sampler()
            + " --steps "
            + g.steps()
            + " --guidance "
            + g.guidance()
            + " --seed "
            + g.seed()
            + " --batchSize "
            + g.batch()
            + " --output "
            + settings.generatedDir());
  }

  /** The generation report of N images, if there is one. */
  static Optional<GenerationReport> report(QuickstartSettings settings) {
    Path file = settings.generatedDir().resolve(GenerationReport.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      GenerationReport r = GenerationReport.fromJson(Folders.read(file));
      boolean complete =
          r != null
              && r.request != null
              && r.request.n == settings.n()
              && r.written == settings.n();
      return complete ? Optional.of(r) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
