package dev.beamdiff.pipelines.quickstart;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.beamdiff.data.InMemoryImageDataset;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.train.DiffusionTrainer;
import dev.beamdiff.train.TrainConfig;
import dev.beamdiff.train.TrainingListener;
import dev.beamdiff.train.TrainingSummary;
import dev.beamdiff.train.checkpoint.CheckpointStore;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.EmaDecay;
import dev.beamdiff.transforms.avro.ImageShards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Trains the class-conditional diffusion model on the preprocessed training shards with {@link
 * DiffusionTrainer}, with the settings of {@code beamdiff train}'s defaults (EDM schedule and
 * preconditioning, AdamW at 1e-3 with warm-up and cosine decay, EMA, label dropout 0.1 for
 * guidance). A time budget becomes a step count from timed passes before training; the budget and
 * its step count are kept in {@value #BUDGET_FILE}. Finished means a checkpoint at the last step of
 * the requested budget; an interrupted run resumes from its last checkpoint.
 */
final class TrainStage implements Stage {
  static final String BUDGET_FILE = "budget.json";
  private static final int TIMING_PASSES = 5;
  private static final long WARMUP = 200;
  private static final int GRID_IMAGES = 20;

  private final QuickstartSettings settings;
  private final Supplier<? extends TrainingListener> progress;

  /**
   * @param progress makes the listener that shows training progress (closed after training if it is
   *     {@link AutoCloseable})
   */
  TrainStage(QuickstartSettings settings, Supplier<? extends TrainingListener> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** What was asked for and the step count it became. */
  record Budget(String budget, long steps) {}

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String title() {
    return settings.network() + " (class-conditional) for " + requestedBudget();
  }

  @Override
  public Optional<String> finished() {
    Optional<TrainConfig> saved = DiffusionTrainer.savedConfig(store());
    Optional<Budget> budget = budget();
    if (saved.isEmpty()) {
      return Optional.empty();
    }
    if (budget.isEmpty() || !budget.get().budget().equals(requestedBudget())) {
      throw new IllegalStateException(
          settings.trainDir()
              + " holds a training run for "
              + budget.map(Budget::budget).orElse("an unknown budget")
              + ", not "
              + requestedBudget()
              + "; pass --fresh to redo every stage with the new budget, or choose another --out");
    }
    long last = lastStep();
    if (last != saved.get().totalSteps()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "the checkpoint of step %,d of %,d (%s) in %s",
            last, saved.get().totalSteps(), requestedBudget(), checkpointDir()));
  }

  @Override
  public void clear() {
    Folders.delete(settings.trainDir());
  }

  @Override
  public void run(StageLog log) {
    log.note("loading the training shards from " + settings.trainShards());
    InMemoryImageDataset data =
        new InMemoryImageDataset(ImageShards.open(settings.trainShards().toString()).readAll());
    boolean resume = DiffusionTrainer.savedConfig(store()).isPresent();
    DiffusionTrainer trainer =
        resume ? DiffusionTrainer.resume(data, store(), settings.trainDir()) : started(data, log);
    TrainingListener listener = progress.get();
    try (trainer) {
      log.note(
          String.format(
              "%s %s: %,d parameters, batch %d, %,d steps%s",
              resume ? "resuming" : "training",
              settings.network(),
              trainer.parameterCount(),
              trainer.config().batchSize(),
              trainer.config().totalSteps(),
              resume ? " (from step " + trainer.step() + ")" : ""));
      TrainingSummary summary;
      try {
        summary = trainer.run(listener);
      } finally {
        if (listener instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          } catch (Exception e) {
            log.note("warning: closing the progress display failed: " + e);
          }
        }
      }
      log.note(
          String.format(
              "trained %,d steps (%,d now), final loss %.4f, checkpoint %s",
              summary.steps(),
              summary.stepsThisSession(),
              summary.finalLoss(),
              summary.lastCheckpoint()));
    }
  }

  @Override
  public List<String> commands() {
    String steps = budget().map(b -> Long.toString(b.steps())).orElse("N");
    return List.of(
        "./beamdiff train --data "
            + settings.trainShards()
            + " --config "
            + settings.network()
            + " --steps "
            + steps
            + " --batch "
            + settings.batch()
            + " --checkpoint-every "
            + settings.checkpointEvery()
            + " --sample-every 0 --sample-count "
            + GRID_IMAGES
            + " --sampler "
            + settings.generation().sampler()
            + " --sample-steps "
            + settings.generation().steps()
            + " --guidance "
            + settings.generation().guidance()
            + " --out "
            + settings.trainDir());
  }

  /** The checkpoint folder. */
  Path checkpointDir() {
    return settings.trainDir().resolve("checkpoints");
  }

  private DiffusionTrainer started(InMemoryImageDataset data, StageLog log) {
    long total = settings.steps() > 0 ? settings.steps() : Long.MAX_VALUE;
    TrainConfig config =
        new TrainConfig(
            ModelSpec.of(
                settings.network(),
                settings.unet().withNumClasses(data.numClasses()),
                DiffusionSpec.parse("edm", null, null)),
            new TrainConfig.DataConfig(
                settings.trainShards().toString(),
                settings.trainShards().toAbsolutePath() + " (Avro shards)",
                data.size(),
                data.classNames(),
                true),
            settings.batch(),
            total,
            0,
            new TrainConfig.OptimizerConfig(
                1e-3, 1e-5, warmupFor(total), AdamW.Hyperparameters.withWeightDecay(1e-4), 1.0),
            new EmaDecay(1, 0.75, 0.9999),
            0.1,
            settings.checkpointEvery(),
            3,
            new TrainConfig.SampleConfig(
                0,
                GRID_IMAGES,
                settings.generation().sampler(),
                settings.generation().steps(),
                settings.generation().guidance()));
    DiffusionTrainer trainer = DiffusionTrainer.start(config, data, store(), settings.trainDir());
    try {
      long steps = settings.steps();
      if (steps == 0) {
        log.note(
            String.format(
                "timing %d training passes for the %s budget...",
                TIMING_PASSES, requestedBudget()));
        steps =
            trainer.stepsWithin(
                Duration.ofMillis(Math.round(settings.minutes() * 60_000)), TIMING_PASSES);
        trainer.setLength(steps, warmupFor(steps));
      }
      Folders.write(
          settings.trainDir().resolve(BUDGET_FILE),
          new Gson().toJson(new Budget(requestedBudget(), steps)));
      return trainer;
    } catch (RuntimeException e) {
      trainer.close();
      throw e;
    }
  }

  /** As {@code beamdiff train}: 200 warm-up steps, but at most a tenth of the run. */
  private static long warmupFor(long totalSteps) {
    return Math.min(WARMUP, totalSteps / 10);
  }

  private String requestedBudget() {
    return settings.steps() > 0
        ? settings.steps() + " steps"
        : String.format("%s minutes", Double.toString(settings.minutes()));
  }

  private Optional<Budget> budget() {
    Path file = settings.trainDir().resolve(BUDGET_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(new Gson().fromJson(Folders.read(file), Budget.class));
    } catch (JsonParseException e) {
      throw new IllegalStateException(
          file + " is not a training budget (" + e.getMessage() + "); pass --fresh", e);
    }
  }

  private long lastStep() {
    List<Long> steps = new Checkpoints(store(), 1).steps();
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1);
  }

  private CheckpointStore store() {
    return new LocalCheckpointStore(checkpointDir());
  }
}
