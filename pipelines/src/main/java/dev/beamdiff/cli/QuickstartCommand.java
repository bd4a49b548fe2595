package dev.beamdiff.cli;

import dev.beamdiff.pipelines.quickstart.Quickstart;
import dev.beamdiff.pipelines.quickstart.QuickstartSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code beamdiff quickstart}: the end-to-end job on Fashion-MNIST ({@link Quickstart}). */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The main job, end to end on Fashion-MNIST: preprocess the IDX files into Avro shards"
          + " (Beam) → train the fmnist feature detector if none is cached → train fmnist-small"
          + " (class-conditional) for a time budget → generate N images (Beam) → FD and KID against"
          + " the test split, next to the FD of N training images (Beam) → OUT/report.html.",
      "Re-running reuses every finished stage (and resumes an interrupted training run);"
          + " each stage prints the commands that redo it by hand into the report."
    })
final class QuickstartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      defaultValue = "10",
      description =
          "Training time budget in minutes on this machine (the step count is measured before"
              + " training and kept, so a re-run reuses the run). Default: ${DEFAULT-VALUE}.")
  double minutes;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "beamdiff-quickstart",
      description = "Output folder of every stage. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--n",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Images to generate and evaluate. Default: ${DEFAULT-VALUE}.")
  int n;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Folder with the Fashion-MNIST IDX files. Default: search as `beamdiff data` does"
              + " (cache, /usr/share/datasets/fashion-mnist, then download).")
  Path dataDir;

  @Option(
      names = "--fresh",
      description =
          "Redo every stage, ignoring earlier outputs in --out (the cached feature detector is"
              + " kept; retrain it with `beamdiff train-classifier`).")
  boolean fresh;

  @Override
  public Integer call() {
    QuickstartSettings settings = QuickstartSettings.defaults(out, minutes, n, dataDir, fresh);
    new Quickstart(settings, spec.commandLine().getOut(), () -> new TrainingProgress(System.err))
        .run();
    return 0;
  }
}
