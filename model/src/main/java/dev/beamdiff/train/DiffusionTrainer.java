package dev.beamdiff.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.beamdiff.data.BatchPrefetcher;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.data.ShuffledBatches;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.nn.GradientClipping;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.CheckpointStore;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.ModelParameters;
import dev.beamdiff.train.checkpoint.TensorSet;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.ExponentialMovingAverage;
import dev.beamdiff.train.optim.LearningRateSchedule;
import dev.beamdiff.train.optim.WarmupCosineSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a diffusion model: per update, a batch from {@link ShuffledBatches} (prepared on a
 * background thread), the {@link DiffusionLoss}, backward, global-norm {@link GradientClipping},
 * {@link AdamW} at the {@link WarmupCosineSchedule} learning rate, then the {@link
 * ExponentialMovingAverage} of the weights. Every {@code checkpointEvery} updates it writes a
 * {@link Checkpoint}; every {@code samples.every} a sample grid from the EMA weights; every update
 * a line of metrics.
 *
 * <p>Resuming continues exactly: a run stopped (even killed) after any checkpoint and resumed from
 * it ends with the same weights, EMA and moments, bit for bit, as a run that never stopped — on the
 * same machine with the same thread settings. Everything random in an update derives from (seed,
 * update number) ({@link StepRandomness}), and the data position is the update number.
 *
 * <p>A NaN or infinite loss or gradient norm stops the run before that update touches the weights,
 * with a {@link TrainingDivergedException}; earlier checkpoints are never rewritten.
 *
 * <p>One trainer at a time per process (DJL's PyTorch engine allows one gradient collector).
 */
public final class DiffusionTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiffusionTrainer.class);
  private static final int PREFETCH_DEPTH = 3;
  private static final int THROUGHPUT_WINDOW = 20;

  private TrainConfig config;
  private final DiffusionDataset data;
  private final Checkpoints checkpoints;
  private final Path outDir;
  private final DiffusionModel model;
  private final ModelParameters parameters;
  private final AdamW adam;
  private final ExponentialMovingAverage ema;
  private final DiffusionLoss loss;
  private final boolean resumed;
  private long step;
  private double trainingSeconds;
  private SampleGrids grids;

  private DiffusionTrainer(
      TrainConfig config,
      DiffusionDataset data,
      Checkpoints checkpoints,
      Path outDir,
      Checkpoint resumeFrom) {
    this.config = config;
    this.data = data;
    this.checkpoints = checkpoints;
    this.outDir = outDir;
    checkData(config, data);
    this.model = DiffusionModel.create(config.model(), config.seed());
    try {
      this.parameters = model.parameters();
      this.adam = new AdamW(parameters.trainable(), config.optimizer().adam(), model.manager());
      this.ema = new ExponentialMovingAverage(parameters.arrays(), config.ema(), model.manager());
      this.loss =
          new DiffusionLoss(
              model.diffusion(),
              model.trainingDenoiser(),
              model.spec().numClasses(),
              config.labelDropout());
      this.resumed = resumeFrom != null;
      if (resumeFrom != null) {
        restore(resumeFrom);
      }
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A new run writing checkpoints to {@code store} and metrics and grids to {@code outDir}. Fails
   * if the store already holds checkpoints (resume that run, or choose another folder) so nothing
   * is overwritten by accident.
   */
  public static DiffusionTrainer start(
      TrainConfig config, DiffusionDataset data, CheckpointStore store, Path outDir) {
    Checkpoints checkpoints = new Checkpoints(store, config.keepCheckpoints());
    List<Long> existing = checkpoints.steps();
    if (!existing.isEmpty()) {
      throw new IllegalStateException(
          checkpoints.location()
              + " already holds checkpoints (up to step "
              + existing.get(existing.size() - 1)
              + "); resume that run with --resume or choose another output folder");
    }
    cleanLeftovers(checkpoints);
    return new DiffusionTrainer(config, data, checkpoints, outDir, null);
  }

  /** Continues the run whose latest checkpoint is in {@code store}, with its saved config. */
  public static DiffusionTrainer resume(DiffusionDataset data, CheckpointStore store, Path outDir) {
    Checkpoints checkpoints = new Checkpoints(store, 1);
    Checkpoint latest =
        checkpoints
            .latest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "nothing to resume: no checkpoint in " + checkpoints.location()));
    cleanLeftovers(checkpoints);
    TrainConfig config =
        TrainConfig.fromJson(latest.configJson(), checkpoints.locationOf(latest.step()));
    return new DiffusionTrainer(
        config, data, new Checkpoints(store, config.keepCheckpoints()), outDir, latest);
  }

  /** The configuration saved with the latest checkpoint in {@code store}, if there is one. */
  public static Optional<TrainConfig> savedConfig(CheckpointStore store) {
    Checkpoints checkpoints = new Checkpoints(store, 1);
    List<Long> steps = checkpoints.steps();
    if (steps.isEmpty()) {
      return Optional.empty();
    }
    long last = steps.get(steps.size() - 1);
    return Optional.of(
        TrainConfig.fromJson(checkpoints.loadConfigJson(last), checkpoints.locationOf(last)));
  }

  public TrainConfig config() {
    return config;
  }

  /** Updates completed so far. */
  public long step() {
    return step;
  }

  public boolean resumed() {
    return resumed;
  }

  /** Number of trained scalars. */
  public long parameterCount() {
    return parameters.trainableCount();
  }

  /**
   * How many updates fit in {@code budget}, from the speed of {@code passes} timed forward and
   * backward passes (after one untimed warm-up pass), less 3% for checkpoints and grids. The passes
   * change nothing: their gradients are discarded.
   */
  public long stepsWithin(Duration budget, int passes) {
    if (passes < 1) {
      throw new IllegalArgumentException("timing passes: expected >= 1, got " + passes);
    }
    ShuffledBatches batches = batches();
    double seconds = 0;
    for (int i = 0; i <= passes; i++) {
      long start = System.nanoTime();
      try (NDManager scratch = model.manager().newSubManager();
          NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        Engine.getInstance().setRandomSeed(i);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(
              loss.compute(
                  scratch, batches.batch(i), imageShape(), StepRandomness.of(~config.seed(), i)));
        }
        zero(parameters.gradients(), scratch);
      }
      if (i > 0) {
        seconds += (System.nanoTime() - start) / 1e9;
      }
    }
    double perStep = seconds / passes;
    return Math.max(1, (long) (0.97 * budget.toMillis() / 1000.0 / perStep));
  }

  /**
   * Sets the length of a new run (before {@link #run}), e.g. once {@link #stepsWithin} has measured
   * how many updates fit a time budget; a resumed run keeps its own.
   */
  public void setLength(long totalSteps, long warmupSteps) {
    if (resumed) {
      throw new IllegalStateException(
          "a resumed run keeps its length of " + config.totalSteps() + " steps");
    }
    config = config.withLength(totalSteps, warmupSteps);
  }

  /** Trains until the configured total and returns what happened. */
  public TrainingSummary run(TrainingListener listener) {
    long total = config.totalSteps();
    LearningRateSchedule schedule =
        new WarmupCosineSchedule(
            config.optimizer().learningRate(),
            config.optimizer().finalLearningRate(),
            config.optimizer().warmupSteps(),
            total);
    writeConfigCopy();
    long firstStep = step + 1;
    Path metricsFile = outDir.resolve("metrics.jsonl");
    Path lastGrid = null;
    String lastCheckpoint = step > 0 ? checkpoints.locationOf(step) : null;
    long sessionStart = System.nanoTime();
    double secondsBefore = trainingSeconds;
    Throughput throughput = new Throughput(THROUGHPUT_WINDOW, config.batchSize());
    try (BatchPrefetcher prefetcher = new BatchPrefetcher(batches(), step, PREFETCH_DEPTH);
        MetricsLog metrics = MetricsLog.open(metricsFile, step)) {
      listener.onStart(firstStep, total);
      while (step < total) {
        long begin = System.nanoTime();
        ShuffledBatches.Batch batch = prefetcher.next();
        long n = step + 1;
        double lr = schedule.at(n);
        StepOutcome outcome = update(batch, n, lr);
        step = n;
        double seconds = (System.nanoTime() - begin) / 1e9;
        throughput.add(seconds);
        trainingSeconds = secondsBefore + (System.nanoTime() - sessionStart) / 1e9;
        StepMetrics m =
            new StepMetrics(
                n,
                outcome.loss(),
                lr,
                outcome.gradientNorm(),
                throughput.imagesPerSecond(),
                outcome.emaDecay(),
                trainingSeconds);
        metrics.append(m);
        listener.onStep(m);
        if (n % config.checkpointEvery() == 0 || n == total) {
          metrics.flush();
          lastCheckpoint = saveCheckpoint();
          listener.onCheckpoint(n, lastCheckpoint);
        }
        long every = config.samples().every();
        if ((every > 0 && n % every == 0) || n == total) {
          lastGrid = sampleGrid(n);
          listener.onSamples(n, lastGrid);
        }
      }
      metrics.flush();
    }
    List<StepMetrics> history = readMetrics(metricsFile);
    Path curve = LossCurve.write(history, outDir.resolve("loss.png"));
    double[] losses = history.stream().mapToDouble(StepMetrics::loss).toArray();
    double finalLoss =
        losses.length == 0 ? Double.NaN : LossCurve.smooth(losses, 0.98)[losses.length - 1];
    return new TrainingSummary(
        step,
        step - firstStep + 1,
        finalLoss,
        trainingSeconds,
        metricsFile,
        curve,
        lastGrid,
        lastCheckpoint);
  }

  /** The state a checkpoint would hold now (weights, EMA, moments, position). */
  public Checkpoint snapshot() {
    return new Checkpoint(
        new Checkpoint.Progress(step, step, config.seed(), trainingSeconds),
        config.toJson(),
        parameters.snapshot(),
        TensorSet.copyOf(parameters.names(), ema.averages()),
        new Checkpoint.OptimizerState(
            adam.steps(),
            TensorSet.copyOf(parameters.trainableNames(), adam.firstMoments()),
            TensorSet.copyOf(parameters.trainableNames(), adam.secondMoments())));
  }

  private StepOutcome update(ShuffledBatches.Batch batch, long n, double lr) {
    StepRandomness random = StepRandomness.of(config.seed(), n);
    try (NDManager scratch = model.manager().newSubManager();
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Engine.getInstance().setRandomSeed(random.engineSeed());
      NDArray value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        value = loss.compute(scratch, batch, imageShape(), random);
        collector.backward(value);
      }
      double lossValue = value.getFloat();
      List<NDArray> gradients = parameters.gradients();
      double norm =
          GradientClipping.clipByGlobalNorm(
                  parameters.trainable(), (float) config.optimizer().clipNorm(), scratch)
              .getFloat();
      if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
        throw diverged(n, lossValue, norm, lr);
      }
      adam.step(gradients, lr);
      zero(gradients, scratch);
      double beta = ema.update(n);
      return new StepOutcome(lossValue, norm, beta);
    }
  }

  /** Resets the accumulated gradients (the collector adds to them) before the next update. */
  private static void zero(List<NDArray> gradients, NDManager manager) {
    NDArray zero = manager.create(0f);
    for (NDArray g : gradients) {
      g.muli(zero);
    }
  }

  private TrainingDivergedException diverged(long n, double lossValue, double norm, double lr) {
    String what =
        !Double.isFinite(lossValue) ? "the loss is " + lossValue : "the gradient norm is " + norm;
    List<Long> saved = checkpoints.steps();
    String last =
        saved.isEmpty()
            ? "no checkpoint was written yet"
            : "the last checkpoint, "
                + checkpoints.locationOf(saved.get(saved.size() - 1))
                + ", is intact";
    return new TrainingDivergedException(
        n,
        "training diverged at step "
            + n
            + ": "
            + what
            + " (learning rate "
            + lr
            + "); stopped before applying the update, "
            + last
            + ". Try a lower --lr or a longer warm-up.");
  }

  private String saveCheckpoint() {
    checkpoints.save(snapshot());
    return checkpoints.locationOf(step);
  }

  private Path sampleGrid(long n) {
    if (grids == null) {
      grids =
          new SampleGrids(
              config.model(), config.samples(), config.seed(), outDir.resolve("samples"));
    }
    return grids.write(n, ema.averages());
  }

  private void restore(Checkpoint c) {
    String source = checkpoints.locationOf(c.step());
    parameters.load(c.weights(), source + " weights");
    ema.restore(
        c.emaWeights().valuesFor(parameters.names(), parameters.arrays(), source + " EMA weights"));
    adam.restore(
        c.optimizer().steps(),
        c.optimizer()
            .firstMoments()
            .valuesFor(
                parameters.trainableNames(),
                parameters.trainable(),
                source + " AdamW first moments"),
        c.optimizer()
            .secondMoments()
            .valuesFor(
                parameters.trainableNames(),
                parameters.trainable(),
                source + " AdamW second moments"));
    if (c.progress().batchesConsumed() != c.step()) {
      throw new IllegalStateException(
          source
              + ": data position "
              + c.progress().batchesConsumed()
              + " does not match step "
              + c.step());
    }
    step = c.step();
    trainingSeconds = c.progress().trainingSeconds();
    LOG.info("resuming at step {} of {} from {}", step, config.totalSteps(), source);
  }

  /** [C, H, W] of one image. */
  private Shape imageShape() {
    return config.model().imageShape(1).slice(1);
  }

  private ShuffledBatches batches() {
    return new ShuffledBatches(data, config.batchSize(), config.seed(), config.data().flips());
  }

  private void writeConfigCopy() {
    try {
      Files.createDirectories(outDir);
      Files.writeString(outDir.resolve("config.json"), config.toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + outDir.resolve("config.json"), e);
    }
  }

  private static List<StepMetrics> readMetrics(Path file) {
    try {
      return MetricsLog.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkData(TrainConfig config, DiffusionDataset data) {
    UNetConfig unet = config.model().unet();
    if (data.channels() != unet.inChannels()
        || data.height() != unet.imageSize()
        || data.width() != unet.imageSize()) {
      throw new IllegalArgumentException(
          "dataset "
              + config.data().name()
              + " has "
              + data.channels()
              + "×"
              + data.height()
              + "×"
              + data.width()
              + " images but network "
              + config.model().network()
              + " expects "
              + unet.inChannels()
              + "×"
              + unet.imageSize()
              + "×"
              + unet.imageSize());
    }
    if (data.size() != config.data().count()) {
      throw new IllegalArgumentException(
          "dataset "
              + config.data().name()
              + " has "
              + data.size()
              + " images but the run was set up for "
              + config.data().count()
              + " (a different dataset changes the batch order and breaks an exact resume)");
    }
    if (unet.numClasses() > 0 && data.numClasses() != unet.numClasses()) {
      throw new IllegalArgumentException(
          "network "
              + config.model().network()
              + " is conditioned on "
              + unet.numClasses()
              + " classes but dataset "
              + config.data().name()
              + " has "
              + data.numClasses()
              + (data.numClasses() == 0
                  ? " (it is unlabeled; train an unconditional network)"
                  : ""));
    }
  }

  private static void cleanLeftovers(Checkpoints checkpoints) {
    try {
      for (String name : checkpoints.store().deleteLeftovers()) {
        LOG.info("removed {} left by an interrupted checkpoint write", name);
      }
    } catch (IOException e) {
      LOG.warn("could not clean temporary files in {}: {}", checkpoints.location(), e.getMessage());
    }
  }

  @Override
  public void close() {
    if (grids != null) {
      grids.close();
    }
    adam.close();
    ema.close();
    model.close();
  }

  private record StepOutcome(double loss, double gradientNorm, double emaDecay) {}
}
