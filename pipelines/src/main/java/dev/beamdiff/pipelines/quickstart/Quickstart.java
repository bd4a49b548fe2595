package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The end-to-end job behind {@code beamdiff quickstart}: preprocess Fashion-MNIST → the fmnist
 * feature detector → train → generate → evaluate → {@code report.html}.
 *
 * <p>Each stage whose outputs are complete and match the settings is reused. A stage that runs
 * makes the stages that read its outputs run again (training new weights means generating and
 * evaluating again); {@code fresh} redoes every stage except the cached detector.
 */
public final class Quickstart {
  private static final int PREPROCESS = 0;
  private static final int CLASSIFIER = 1;
  private static final int TRAIN = 2;
  private static final int GENERATE = 3;

  /** For each stage, the stages whose outputs it reads. */
  private static final int[][] INPUTS = {
    {}, {}, {PREPROCESS}, {TRAIN}, {PREPROCESS, CLASSIFIER, GENERATE}
  };

  private final QuickstartSettings settings;
  private final List<Stage> stages;
  private final PrintWriter out;

  /**
   * @param trainingProgress makes the listener that shows training progress (a progress bar on the
   *     command line; closed after training if {@link AutoCloseable})
   */
  public Quickstart(
      QuickstartSettings settings,
      PrintWriter out,
      Supplier<? extends TrainingListener> trainingProgress) {
    this.settings = settings;
    this.out = out;
    FashionMnistSource source =
        new FashionMnistSource(
            settings.dataDir(),
            settings.subset(),
            settings.out().resolve("data").resolve("subset"));
    TrainStage train = new TrainStage(settings, trainingProgress);
    this.stages =
        List.of(
            new PreprocessStage(settings, source),
            new ClassifierStage(settings, source),
            train,
            new GenerateStage(settings, train.checkpointDir()),
            new EvaluateStage(settings));
  }

  /** Runs (or reuses) every stage and writes the report; returns the report's path. */
  public Path run() {
    StageLog log = new StageLog(out, settings.out(), stages.size() + 1);
    boolean[] ran = new boolean[stages.size()];
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      log.header(i + 1, stage.name(), stage.title());
      String redo = redoReason(i, ran);
      if (redo != null) {
        log.note(redo);
        stage.clear();
      }
      Optional<String> finished = redo == null ? stage.finished() : Optional.empty();
      if (finished.isPresent()) {
        log.reused(stage.name(), finished.get(), stage.commands());
        continue;
      }
      long start = System.nanoTime();
      stage.run(log);
      ran[i] = true;
      log.ran(stage.name(), (System.nanoTime() - start) / 1e9, stage.commands());
    }
    log.header(stages.size() + 1, "report", "sample grid, loss curve, FD, throughput, commands");
    Path report = QuickstartReport.write(settings, log.records());
    out.println("report: " + report.toAbsolutePath());
    out.flush();
    return report;
  }

  /** Why stage {@code i} must be redone from scratch, or null if its outputs may be reused. */
  private String redoReason(int i, boolean[] ran) {
    if (settings.fresh() && i != CLASSIFIER) {
      return "--fresh: running from scratch";
    }
    for (int input : INPUTS[i]) {
      if (ran[input]) {
        return "running from scratch: its input (" + stages.get(input).name() + ") was just made";
      }
    }
    return null;
  }
}
