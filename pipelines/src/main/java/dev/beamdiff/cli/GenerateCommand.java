package dev.beamdiff.cli;

import dev.beamdiff.pipelines.generate.GenerateOptions;
import dev.beamdiff.pipelines.generate.GeneratePipeline;
import dev.beamdiff.pipelines.generate.GenerationReport;
import dev.beamdiff.transforms.generate.GenerateMetrics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code beamdiff generate}: runs the batch-generation pipeline ({@link GeneratePipeline}) on the
 * chosen runner, prints progress (images, rate, time left) and where the images went. Its options
 * are those of {@link GenerateOptions} ({@code --batch-size} also spelled {@code --batchSize}).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    modelTransformer = GenerateCommand.PipelineOptionsAdder.class,
    description = {
      "Generate many images from a checkpoint with an Apache Beam pipeline: index ranges of"
          + " --batch-size are sampled in parallel, one model per worker, and written as"
          + " img-<index>.png files and/or avro/images-*.avro records, plus generation.json.",
      "Image i depends only on (checkpoint, sampler, steps, guidance, class, seed, i): it equals"
          + " image i of `beamdiff sample` with the same settings, and a rerun rewrites the same"
          + " files.",
      ""
    },
    footer = {
      "",
      "Other Beam options pass through as --name=value. DirectRunner: --targetParallelism=N."
          + " Dataflow: --runner=DataflowRunner --project=P --region=R --tempLocation=gs://B/tmp"
          + " (see templates/generate/README.md)"
    })
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RunnerOptions runnerOptions;

  @Unmatched List<String> passThrough = new ArrayList<>();

  /** Adds the {@link GenerateOptions} properties as options, with {@code --batch-size}. */
  static final class PipelineOptionsAdder implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec commandSpec) {
      PipelineOptionsCli.addOptions(commandSpec, GenerateOptions.class);
      OptionSpec batchSize = commandSpec.findOption("--batchSize");
      commandSpec.remove(batchSize);
      commandSpec.addOption(batchSize.toBuilder().names("--batch-size", "--batchSize").build());
      return commandSpec;
    }
  }

  @Override
  public Integer call() {
    GenerateOptions options =
        PipelineOptionsCli.parse(
            spec.commandLine().getParseResult(),
            GenerateOptions.class,
            runnerOptions.runner,
            passThrough);

    PrintWriter out = spec.commandLine().getOut();
    GeneratePipeline.Running running = GeneratePipeline.start(options);
    out.printf(
        "Generating %,d images from %s with %s, %d steps, on the %s%n",
        options.getN(),
        options.getCheckpoint(),
        options.getSampler(),
        options.getSteps(),
        options.getRunner().getSimpleName());
    out.flush();
    PipelineProgress progress =
        new PipelineProgress(
            GenerateMetrics.NAMESPACE,
            List.of(
                Map.entry(GenerateMetrics.GENERATED, "generated"),
                Map.entry(GenerateMetrics.PLANNED, "of")),
            runnerOptions.progressInterval(),
            out);
    PipelineResult.State state = progress.await(running.result());
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the generation pipeline ended in state " + state);
    }
    GenerationReport report = running.finish();
    out.printf(
        "Done in %.1f s: %,d images written (%.2f/s) from %s%n",
        report.seconds, report.written, report.imagesPerSecond, report.request.checkpointFile);
    if (report.png != null) {
      out.printf("  png     %s%n", report.png);
    }
    if (report.avro != null) {
      out.printf("  avro    %s%n", report.avro);
    }
    out.printf(
        "  report  %s%n",
        GeneratePipeline.outputFile(options.getOutput(), GenerationReport.FILE_NAME));
    out.flush();
    return 0;
  }
}
