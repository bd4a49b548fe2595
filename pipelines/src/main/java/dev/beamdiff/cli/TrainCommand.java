package dev.beamdiff.cli;

import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.DiffusionTrainer;
import dev.beamdiff.train.TrainConfig;
import dev.beamdiff.train.TrainingSummary;
import dev.beamdiff.train.checkpoint.CheckpointStore;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.EmaDecay;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code beamdiff train}: trains a diffusion model with checkpoints, metrics and sample grids. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a diffusion UNet. Writes OUT/metrics.jsonl (one line per step), a sample grid from the"
          + " EMA weights every --sample-every steps (OUT/samples), checkpoints (OUT/checkpoints"
          + " or --checkpoint-dir, which may be gs://…) and OUT/loss.png at the end.",
      "--resume continues the run in the checkpoint folder exactly where its last checkpoint"
          + " left it, with its saved settings."
    })
final class TrainCommand implements Callable<Integer> {
  /** Timed passes that estimate the step time for --minutes. */
  private static final int TIMING_PASSES = 5;

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      defaultValue = "fmnist-small",
      completionCandidates = KnownNames.Networks.class,
      description = "Network configuration: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  String network;

  @Option(
      names = "--data",
      defaultValue = "fashion-mnist",
      description =
          "Training images: fashion-mnist, mnist (with --data-dir), a `beamdiff preprocess`"
              + " output folder, or a folder of same-sized images (sub-folders are classes)."
              + " Default: ${DEFAULT-VALUE}.")
  String data;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Folder with the IDX files of --data. Default: search as `beamdiff data` does.")
  Path dataDir;

  @ArgGroup(exclusive = true)
  Length length;

  static final class Length {
    @Option(names = "--steps", paramLabel = "N", description = "Number of optimizer updates.")
    Long steps;

    @Option(
        names = "--minutes",
        paramLabel = "M",
        description =
            "Time budget: the step count is fixed before training from the measured speed of a"
                + " few timed passes, then recorded (the run stays exactly resumable).")
    Double minutes;
  }

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "DIR|URI",
      description =
          "Checkpoint folder, local or a Beam file-system URI (gs://…). Default: OUT/checkpoints.")
  String checkpointDir;

  @Option(names = "--resume", description = "Continue the run in the checkpoint folder.")
  boolean resume;

  @Option(
      names = "--schedule",
      defaultValue = "edm",
      completionCandidates = KnownNames.Schedules.class,
      description = "Noise schedule: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  String schedule;

  @Option(
      names = "--prediction",
      completionCandidates = KnownNames.Predictions.class,
      description =
          "Network target: ${COMPLETION-CANDIDATES}. Default: the schedule's usual pairing.")
  String prediction;

  @Option(
      names = "--weighting",
      completionCandidates = KnownNames.Weightings.class,
      description = "Loss weighting: ${COMPLETION-CANDIDATES}. Default: the schedule's own.")
  String weighting;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "1e-3",
      description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
  double lr;

  @Option(
      names = "--final-lr",
      defaultValue = "1e-5",
      description = "Learning rate at the end of the cosine decay. Default: ${DEFAULT-VALUE}.")
  double finalLr;

  @Option(
      names = "--warmup",
      defaultValue = "200",
      description = "Linear warm-up steps (at most a tenth of the run). Default: ${DEFAULT-VALUE}.")
  long warmup;

  @Option(
      names = "--weight-decay",
      defaultValue = "1e-4",
      description = "AdamW decoupled weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(
      names = "--clip",
      defaultValue = "1.0",
      description = "Global gradient-norm clipping threshold. Default: ${DEFAULT-VALUE}.")
  double clip;

  @Option(
      names = "--ema-power",
      defaultValue = "0.75",
      description = "EMA warm-up power p in 1 − (1 + n)^−p. Default: ${DEFAULT-VALUE}.")
  double emaPower;

  @Option(
      names = "--ema-max",
      defaultValue = "0.9999",
      description = "Largest EMA decay. Default: ${DEFAULT-VALUE}.")
  double emaMax;

  @Option(
      names = "--label-dropout",
      defaultValue = "0.1",
      description =
          "Probability of training a step's label as the null label (for guidance). Default: ${DEFAULT-VALUE}.")
  double labelDropout;

  @Option(
      names = "--flip",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Random horizontal flips. Default: ${DEFAULT-VALUE}.")
  boolean flip;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "500",
      description = "Steps between checkpoints. Default: ${DEFAULT-VALUE}.")
  long checkpointEvery;

  @Option(
      names = "--keep",
      defaultValue = "3",
      description = "Checkpoints to keep. Default: ${DEFAULT-VALUE}.")
  int keep;

  @Option(
      names = "--sample-every",
      defaultValue = "500",
      description = "Steps between sample grids (0: only at the end). Default: ${DEFAULT-VALUE}.")
  long sampleEvery;

  @Option(
      names = "--sample-count",
      defaultValue = "50",
      description = "Images per sample grid. Default: ${DEFAULT-VALUE}.")
  int sampleCount;

  @Option(
      names = "--sampler",
      defaultValue = "heun",
      completionCandidates = KnownNames.SamplerNames.class,
      description = "Sampler of the grids: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  String sampler;

  @Option(
      names = "--sample-steps",
      defaultValue = "18",
      description = "Sampler steps of the grids. Default: ${DEFAULT-VALUE}.")
  int sampleSteps;

  @Option(
      names = "--guidance",
      defaultValue = "2.0",
      description = "Guidance scale of the grids (conditional models). Default: ${DEFAULT-VALUE}.")
  double guidance;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    String checkpoints =
        checkpointDir != null ? checkpointDir : out.resolve("checkpoints").toString();
    CheckpointStore store = CheckpointLocation.store(checkpoints);
    DiffusionTrainer trainer = resume ? resumed(store) : started(store);
    try (trainer;
        TrainingProgress progress = new TrainingProgress(System.err)) {
      TrainConfig config = trainer.config();
      stdout.printf(
          "%s %s: %,d parameters, %s, %s, batch %d, %d steps%s%n",
          trainer.resumed() ? "resuming" : "training",
          config.model().network(),
          trainer.parameterCount(),
          config.model().diffusion(),
          config.data().name(),
          config.batchSize(),
          config.totalSteps(),
          trainer.resumed() ? " (from step " + trainer.step() + ")" : "");
      stdout.flush();
      TrainingSummary summary = trainer.run(progress);
      progress.close();
      stdout.printf(
          "trained %d steps in %s, final loss %.4f%n",
          summary.steps(), format(summary.trainingSeconds()), summary.finalLoss());
      stdout.println("metrics     " + summary.metrics());
      stdout.println("loss curve  " + summary.lossCurve());
      if (summary.lastGrid() != null) {
        stdout.println("samples     " + summary.lastGrid());
      }
      stdout.println("checkpoint  " + summary.lastCheckpoint());
      stdout.flush();
    }
    return 0;
  }

  private DiffusionTrainer started(CheckpointStore store) {
    if (length == null) {
      throw new IllegalArgumentException("give the run's length with --steps N or --minutes M");
    }
    TrainingData training = TrainingData.load(data, dataDir);
    UNetConfig unet = UNetConfig.named(network).withNumClasses(training.dataset().numClasses());
    long total = length.steps != null ? length.steps : Long.MAX_VALUE;
    TrainConfig config =
        new TrainConfig(
            ModelSpec.of(network, unet, DiffusionSpec.parse(schedule, prediction, weighting)),
            new TrainConfig.DataConfig(
                training.name(),
                training.source(),
                training.dataset().size(),
                training.dataset().classNames(),
                flip),
            batch,
            total,
            seed,
            new TrainConfig.OptimizerConfig(
                lr,
                finalLr,
                warmupFor(total),
                AdamW.Hyperparameters.withWeightDecay(weightDecay),
                clip),
            new EmaDecay(1, emaPower, emaMax),
            labelDropout,
            checkpointEvery,
            keep,
            new TrainConfig.SampleConfig(sampleEvery, sampleCount, sampler, sampleSteps, guidance));
    DiffusionTrainer trainer = DiffusionTrainer.start(config, training.dataset(), store, out);
    if (length.minutes != null) {
      try {
        System.err.printf(
            "timing %d training passes for the %.1f-minute budget...%n",
            TIMING_PASSES, length.minutes);
        long steps =
            trainer.stepsWithin(
                Duration.ofMillis(Math.round(length.minutes * 60_000)), TIMING_PASSES);
        trainer.setLength(steps, warmupFor(steps));
      } catch (RuntimeException e) {
        trainer.close();
        throw e;
      }
    }
    return trainer;
  }

  private DiffusionTrainer resumed(CheckpointStore store) {
    TrainConfig saved =
        DiffusionTrainer.savedConfig(store)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--resume: no checkpoint in " + store.location() + " to resume from"));
    List<String> conflicts = conflictsWith(saved);
    if (!conflicts.isEmpty()) {
      throw new IllegalArgumentException(
          "--resume continues the saved run unchanged, but "
              + String.join("; ", conflicts)
              + ". Drop these options, or start a new run in another folder.");
    }
    TrainingData training = TrainingData.load(saved.data().name(), dataDir);
    return DiffusionTrainer.resume(training.dataset(), store, out);
  }

  /** Options given on the command line whose value differs from the saved run's. */
  private List<String> conflictsWith(TrainConfig saved) {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> conflicts = new ArrayList<>();
    check(parsed, conflicts, "--config", network, saved.model().network());
    check(parsed, conflicts, "--data", data, saved.data().name());
    check(parsed, conflicts, "--schedule", schedule, saved.model().schedule());
    check(parsed, conflicts, "--prediction", prediction, saved.model().prediction());
    check(parsed, conflicts, "--weighting", weighting, saved.model().weighting());
    check(parsed, conflicts, "--batch", batch, saved.batchSize());
    check(parsed, conflicts, "--steps", length == null ? null : length.steps, saved.totalSteps());
    check(parsed, conflicts, "--lr", lr, saved.optimizer().learningRate());
    check(parsed, conflicts, "--final-lr", finalLr, saved.optimizer().finalLearningRate());
    check(parsed, conflicts, "--weight-decay", weightDecay, saved.optimizer().adam().weightDecay());
    check(parsed, conflicts, "--clip", clip, saved.optimizer().clipNorm());
    check(parsed, conflicts, "--ema-power", emaPower, saved.ema().power());
    check(parsed, conflicts, "--ema-max", emaMax, saved.ema().maxDecay());
    check(parsed, conflicts, "--label-dropout", labelDropout, saved.labelDropout());
    check(parsed, conflicts, "--flip", flip, saved.data().flips());
    check(parsed, conflicts, "--seed", seed, saved.seed());
    check(parsed, conflicts, "--checkpoint-every", checkpointEvery, saved.checkpointEvery());
    check(parsed, conflicts, "--keep", keep, saved.keepCheckpoints());
    check(parsed, conflicts, "--sample-every", sampleEvery, saved.samples().every());
    check(parsed, conflicts, "--sample-count", sampleCount, saved.samples().count());
    check(parsed, conflicts, "--sampler", sampler, saved.samples().sampler());
    check(parsed, conflicts, "--sample-steps", sampleSteps, saved.samples().steps());
    check(parsed, conflicts, "--guidance", guidance, saved.samples().guidance());
    if (parsed.hasMatchedOption("--minutes")) {
      conflicts.add(
          "--minutes is given (the saved run has its length: " + saved.totalSteps() + " steps)");
    }
    if (parsed.hasMatchedOption("--warmup")) {
      conflicts.add(
          "--warmup is given (the saved run warms up for "
              + saved.optimizer().warmupSteps()
              + " steps)");
    }
    return conflicts;
  }

  private static void check(
      ParseResult parsed, List<String> conflicts, String option, Object given, Object saved) {
    if (parsed.hasMatchedOption(option) && !Objects.equals(normalise(given), normalise(saved))) {
      conflicts.add(option + " " + given + " differs from the saved " + saved);
    }
  }

  private static Object normalise(Object value) {
    return value instanceof Number n ? n.doubleValue() : value;
  }

  /** The warm-up: --warmup, but at most a tenth of the run. */
  private long warmupFor(long totalSteps) {
    return Math.min(warmup, totalSteps / 10);
  }

  private static String format(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m " + (s % 60) + "s" : s + "s";
  }
}
