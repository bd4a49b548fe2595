package dev.beamdiff.cli;

import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.SampleGrid;
import dev.beamdiff.train.TrainConfig;
import dev.beamdiff.transforms.generate.ClassPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code beamdiff sample}: draws a grid of images from a checkpoint. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Draw images from a trained checkpoint (its EMA weights) and write them as a PNG grid.",
      "A class-conditional model draws --class, or cycles through its classes (one per column)."
    })
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "DIR|FILE",
      description =
          "A checkpoint folder (its latest checkpoint is used) or .ckpt file; local or gs://….")
  String checkpoint;

  @Option(
      names = "--sampler",
      defaultValue = "heun",
      completionCandidates = KnownNames.SamplerNames.class,
      description = "Sampler: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  String sampler;

  @Option(
      names = "--steps",
      defaultValue = "18",
      description = "Sampler steps. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(
      names = "--spacing",
      completionCandidates = KnownNames.Spacings.class,
      description = "Step spacing: ${COMPLETION-CANDIDATES}. Default: the sampler's usual one.")
  String spacing;

  @Option(
      names = "--n",
      defaultValue = "50",
      description = "Number of images. Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(
      names = "--class",
      paramLabel = "LABEL",
      description =
          "Class index or name to draw (conditional models). Default: cycle through the classes.")
  String label;

  @Option(
      names = "--guidance",
      defaultValue = "2.0",
      description =
          "Classifier-free guidance scale g (1: conditional model alone). Default: ${DEFAULT-VALUE}.")
  double guidance;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed: image i's noise depends on (seed, i) only. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Images per network batch. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(
      names = "--raw-weights",
      description = "Use the raw trained weights instead of their moving average.")
  boolean raw;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PNG",
      description = "Grid image to write.")
  Path out;

  @Override
  public Integer call() {
    CheckpointLocation.Loaded loaded = CheckpointLocation.load(checkpoint);
    TrainConfig config = TrainConfig.fromJson(loaded.checkpoint().configJson(), loaded.source());
    try (DiffusionModel model =
        DiffusionModel.fromCheckpoint(loaded.checkpoint(), !raw, loaded.source())) {
      int classes = model.spec().numClasses();
      int[] labels =
          label == null
              ? null
              : GenerationRequest.sameLabel(
                  count,
                  ClassPlan.parse("--class", label, config.data().classNames(), classes).label(0));
      GenerationRequest request =
          new GenerationRequest(
              sampler, steps, spacing, count, labels, classes > 0 ? guidance : 1, seed, 0, batch);
      long start = System.nanoTime();
      SampleGrid.write(model, request, out);
      double seconds = (System.nanoTime() - start) / 1e9;
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.printf(
          "%d images from %s (step %d, %s weights) with %s, %d steps, in %.1f s%n",
          count,
          loaded.source(),
          loaded.checkpoint().step(),
          raw ? "raw" : "EMA",
          sampler,
          steps,
          seconds);
      stdout.println("grid  " + out.toAbsolutePath());
      stdout.flush();
    }
    return 0;
  }
}
