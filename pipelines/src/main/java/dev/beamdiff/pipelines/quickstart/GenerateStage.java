package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ImageGenerator;
import dev.beamdiff.pipelines.generate.GenerateOptions;
import dev.beamdiff.pipelines.generate.GeneratePipeline;
import dev.beamdiff.pipelines.generate.GenerationReport;
import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import dev.beamdiff.transforms.generate.GenerateMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Generates N images from the final checkpoint's EMA weights into {@code generated/img-NNNNNN.png}
 * and {@code generation.json}, as the batch-generation pipeline ({@link GeneratePipeline}) writes
 * them, and by default with the same {@link ImageGenerator} in this process (see {@link
 * #USE_PIPELINE}). Image i has label i mod K and noise from (seed, i) alone, so the images do not
 * depend on how the work is split. Finished means {@code generation.json} reports N images and N
 * PNGs are there.
 */
final class GenerateStage implements Stage {
  /**
   * Whether to generate with {@link GeneratePipeline} rather than in-process. Off for now: on the
   * same checkpoint the pipeline wrote NaN images in 1 of 6 runs here (one worker thread, a 4-step
   * tiny test model), while 20 in-process generations gave none; switch back once it is fixed.
   */
  private static final boolean USE_PIPELINE = false;

  private static final long PROGRESS_NANOS = 10_000_000_000L;

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
    GenerationReport report = USE_PIPELINE ? withPipeline(log) : inProcess(log);
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

  /**
   * The images through {@link ImageGenerator} in this process, batch after batch, written as the
   * pipeline writes them (PNGs and a {@link GenerationReport}).
   */
  private GenerationReport inProcess(StageLog log) {
    QuickstartSettings.Generation g = settings.generation();
    Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(checkpointDir), 1);
    Checkpoint checkpoint =
        checkpoints
            .latest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no checkpoint to generate from in " + checkpointDir));
    String source = checkpoints.locationOf(checkpoint.step());
    long start = System.nanoTime();
    try (DiffusionModel model = DiffusionModel.fromCheckpoint(checkpoint, true, source)) {
      ImageGenerator generator = new ImageGenerator(model);
      int size = model.spec().unet().imageSize();
      int channels = model.spec().unet().inChannels();
      double guidance = model.spec().numClasses() > 0 ? g.guidance() : 1;
      long lastLine = start;
      for (int from = 0; from < settings.n(); from += g.batch()) {
        int count = Math.min(g.batch(), settings.n() - from);
        float[] images =
            generator.generate(
                new GenerationRequest(
                    g.sampler(), g.steps(), null, count, null, guidance, g.seed(), from, count));
        for (int i = 0; i < count; i++) {
          PngFiles.write(
              settings.generatedDir().resolve(PngFiles.name(from + i)), images, i, channels, size);
        }
        long now = System.nanoTime();
        int done = from + count;
        if (now - lastLine > PROGRESS_NANOS || done == settings.n()) {
          lastLine = now;
          double seconds = (now - start) / 1e9;
          log.note(
              String.format(
                  "%,d/%,d images (%.1f/s, about %.0f s left)",
                  done, settings.n(), done / seconds, (settings.n() - done) * seconds / done));
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    GenerationReport report = new GenerationReport();
    report.request = new GenerationReport.Request();
    report.request.checkpoint = checkpointDir.toString();
    report.request.checkpointFile = source;
    report.request.n = settings.n();
    report.request.sampler = g.sampler();
    report.request.steps = g.steps();
    report.request.guidance = g.guidance();
    report.request.classes = "";
    report.request.seed = g.seed();
    report.request.format = "png";
    report.request.batchSize = g.batch();
    report.written = settings.n();
    report.seconds = seconds;
    report.imagesPerSecond = settings.n() / seconds;
    report.png = settings.generatedDir().resolve("img-*.png").toString();
    Folders.write(settings.generatedDir().resolve(GenerationReport.FILE_NAME), report.toJson());
    return report;
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
