package dev.beamdiff.tutorials;

import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.io.FileTrees;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.DiffusionTrainer;
import dev.beamdiff.train.MetricsLog;
import dev.beamdiff.train.StepMetrics;
import dev.beamdiff.train.TrainConfig;
import dev.beamdiff.train.TrainingListener;
import dev.beamdiff.train.TrainingSummary;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.EmaDecay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small Fashion-MNIST models the tutorial chapters train: a 28×28 UNet with widths 16 and 32
 * (one residual block per level, attention only in the middle, no dropout), trained with {@link
 * DiffusionTrainer} on the 60,000 training images. A chapter that needs a model another chapter
 * trained loads its checkpoint from {@code <out>/runs/<name>}, or trains it there first.
 *
 * @param name the run's folder under {@code <out>/runs}
 * @param config everything the run is
 */
record TutorialModel(String name, TrainConfig config) {
  private static final Logger LOG = LoggerFactory.getLogger(TutorialModel.class);
  private static final long FAST_UPDATES = 10;
  private static final long FULL_UPDATES = 400;

  /**
   * Chapter 2's unconditional DDPM: linear β schedule (T = 1000), ε-prediction, unweighted loss (Ho
   * et al. 2020, Alg. 1 and Eq. 14).
   */
  static TutorialModel ddpm(boolean fast) {
    return of("ddpm", DiffusionSpec.parse("linear", "eps", null), 0, 0, fast);
  }

  /**
   * Chapter 6's class-conditional model: the same diffusion, 10 class labels plus the null label,
   * which replaces the label with probability 0.15 (Ho &amp; Salimans 2022, Alg. 1).
   */
  static TutorialModel classConditional(boolean fast) {
    return of("cfg", DiffusionSpec.parse("linear", "eps", null), 10, 0.15, fast);
  }

  private static TutorialModel of(
      String name, DiffusionSpec diffusion, int classes, double labelDropout, boolean fast) {
    UNetConfig unet =
        new UNetConfig(
            28, 1, 1, 32, List.of(1, 2), 1, List.of(), 4, 8, 1e-5f, 32, 128, 0f, classes);
    DiffusionDataset data = FashionMnist.train();
    long steps = fast ? FAST_UPDATES : FULL_UPDATES;
    TrainConfig config =
        new TrainConfig(
            ModelSpec.of("tutorial-" + name, unet, diffusion),
            new TrainConfig.DataConfig(
                "fashion-mnist",
                "beamdiff data fashion-mnist",
                data.size(),
                classes > 0 ? data.classNames() : List.of(),
                false),
            fast ? 16 : 32,
            steps,
            2026,
            new TrainConfig.OptimizerConfig(
                2e-3, 1e-4, fast ? 2 : 40, AdamW.Hyperparameters.withWeightDecay(0), 1.0),
            new EmaDecay(1, 0.75, 0.999),
            labelDropout,
            steps,
            1,
            new TrainConfig.SampleConfig(0, 1, "ddim", 1, 1));
    return new TutorialModel(name + (fast ? "-fast" : ""), config);
  }

  /** The run's folder: checkpoints, metrics and the trainer's loss curve. */
  Path runDir(Path outDir) {
    return outDir.resolve("runs").resolve(name);
  }

  /**
   * Trains the model from scratch into {@link #runDir} (deleting an earlier run there) and returns
   * what happened with the loss of every update.
   */
  Training train(Path outDir, DiffusionDataset data) {
    Path dir = runDir(outDir);
    deleteRecursively(dir);
    LOG.info("training {} for {} updates in {}", name, config.totalSteps(), dir);
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(config, data, new LocalCheckpointStore(dir.resolve("ckpt")), dir)) {
      TrainingSummary summary =
          trainer.run(
              new TrainingListener() {
                @Override
                public void onStep(StepMetrics m) {
                  if (m.step() % 100 == 0) {
                    LOG.info("{}: update {}, loss {}", name, m.step(), m.loss());
                  }
                }
              });
      return new Training(summary, MetricsLog.read(summary.metrics()), trainer.parameterCount());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metrics of " + dir, e);
    }
  }

  /**
   * The trained model (EMA weights) from {@link #runDir}, trained there first if no checkpoint of
   * this configuration exists. Close it when done.
   */
  DiffusionModel loadOrTrain(Path outDir) {
    Path dir = runDir(outDir);
    Checkpoints checkpoints = new Checkpoints(new LocalCheckpointStore(dir.resolve("ckpt")), 1);
    boolean trained =
        checkpoints.steps().contains(config.totalSteps())
            && DiffusionTrainer.savedConfig(checkpoints.store())
                .map(c -> c.toJson().equals(config.toJson()))
                .orElse(false);
    if (!trained) {
      train(outDir, FashionMnist.train());
    }
    String source = checkpoints.locationOf(config.totalSteps());
    return DiffusionModel.fromCheckpoint(checkpoints.load(config.totalSteps()), true, source);
  }

  /** A finished run: its summary, the metrics of every update and the number of weights. */
  record Training(TrainingSummary summary, List<StepMetrics> steps, long parameters) {}

  private static void deleteRecursively(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the earlier run in " + dir, e);
    }
  }
}
