package dev.beamdiff.pipelines.quickstart;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ImageGenerator;
import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Generates N images from the final checkpoint's EMA weights into {@code generated/img-NNNNNN.png}
 * with {@code generation.json} (count, images per second), the layout of the batch-generation
 * pipeline. Image i has label i mod K and noise from (seed, i) alone ({@link ImageGenerator}), so
 * the images do not depend on the batch size. Until the Beam generate pipeline is merged this stage
 * calls {@link ImageGenerator} in-process, batch after batch.
 */
final class GenerateStage implements Stage {
  static final String SUMMARY_FILE = "generation.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final QuickstartSettings settings;
  private final Path checkpointDir;

  GenerateStage(QuickstartSettings settings, Path checkpointDir) {
    this.settings = settings;
    this.checkpointDir = checkpointDir;
  }

  /** What {@value #SUMMARY_FILE} holds. */
  record Summary(
      long count,
      double imagesPerSecond,
      double seconds,
      String checkpoint,
      long step,
      String sampler,
      int steps,
      double guidance,
      long seed) {}

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
    return summary(settings.generatedDir())
        .filter(s -> s.count() == settings.n())
        .filter(s -> Folders.count(settings.generatedDir(), ".png") == settings.n())
        .map(
            s ->
                String.format(
                    "%,d images from step %,d in %s",
                    s.count(), s.step(), settings.generatedDir()));
  }

  @Override
  public void clear() {
    Folders.delete(settings.generatedDir());
  }

  @Override
  public void run(StageLog log) {
    Folders.delete(settings.generatedDir());
    Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(checkpointDir), 1);
    Checkpoint checkpoint =
        checkpoints
            .latest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no checkpoint to generate from in " + checkpointDir));
    String source = checkpoints.locationOf(checkpoint.step());
    QuickstartSettings.Generation g = settings.generation();
    long start = System.nanoTime();
    try (DiffusionModel model = DiffusionModel.fromCheckpoint(checkpoint, true, source)) {
      ImageGenerator generator = new ImageGenerator(model);
      int size = model.spec().unet().imageSize();
      int channels = model.spec().unet().inChannels();
      double guidance = model.spec().numClasses() > 0 ? g.guidance() : 1;
      for (int from = 0; from < settings.n(); from += g.batch()) {
        int count = Math.min(g.batch(), settings.n() - from);
        float[] images =
            generator.generate(
                new GenerationRequest(
                    g.sampler(),
                    g.steps(),
                    null,
                    count,
                    null,
                    guidance,
                    g.seed(),
                    from,
                    g.batch()));
        for (int i = 0; i < count; i++) {
          PngFiles.write(
              settings.generatedDir().resolve(PngFiles.name(from + i)), images, i, channels, size);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int done = from + count;
        log.note(
            String.format(
                "%,d/%,d images (%.1f/s, about %.0f s left)",
                done, settings.n(), done / seconds, (settings.n() - done) * seconds / done));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Summary summary =
        new Summary(
            settings.n(),
            settings.n() / seconds,
            seconds,
            source,
            checkpoint.step(),
            g.sampler(),
            g.steps(),
            g.guidance(),
            g.seed());
    Folders.write(settings.generatedDir().resolve(SUMMARY_FILE), GSON.toJson(summary));
    log.note(
        String.format("%.1f images/s into %s", summary.imagesPerSecond(), settings.generatedDir()));
  }

  @Override
  public List<String> commands() {
    QuickstartSettings.Generation g = settings.generation();
    return List.of(
        "./beamdiff sample --checkpoint "
            + checkpointDir
            + " --sampler "
            + g.sampler()
            + " --steps "
            + g.steps()
            + " --guidance "
            + g.guidance()
            + " --seed "
            + g.seed()
            + " --n 100 --out grid.png   # the same images as a grid (the first 100)");
  }

  /** The summary in {@code dir}, if there is a readable one. */
  static Optional<Summary> summary(Path dir) {
    Path file = dir.resolve(SUMMARY_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(GSON.fromJson(Folders.read(file), Summary.class));
    } catch (JsonParseException e) {
      return Optional.empty();
    }
  }
}
