package dev.beamdiff.cli;

import dev.beamdiff.pipelines.preprocess.PreprocessOptions;
import dev.beamdiff.pipelines.preprocess.PreprocessPipeline;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.avro.WriteImageShards;
import dev.beamdiff.transforms.preprocess.PreprocessMetrics;
import dev.beamdiff.transforms.preprocess.WriteDeadLetters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code beamdiff preprocess}: runs the preprocessing pipeline ({@link PreprocessPipeline}) on the
 * chosen runner, prints progress from its counters and, at the end, what the manifest says and
 * where everything went. Its options are those of {@link PreprocessOptions}.
 */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    modelTransformer = PreprocessCommand.PipelineOptionsAdder.class,
    description = {
      "Preprocess images into validated Avro shards with an Apache Beam pipeline:",
      "read IDX, CIFAR-10 binary or image files → validate → convert channels → fit to N×N"
          + " with Pillow-exact resizing → encode → images-*.avro, plus dead-letters.jsonl"
          + " (refused inputs and why) and manifest.json (counts, classes, channel mean/std).",
      ""
    },
    footer = {
      "",
      "Other Beam options pass through as --name=value. DirectRunner: --targetParallelism=N"
          + " (default: the number of cores); --enforceImmutability and --enforceEncodability"
          + " turn on its checks of mutated or unencodable elements (off here, as they cost"
          + " 3-7x in throughput). Dataflow:",
      "  --runner=DataflowRunner --project=P --region=R --tempLocation=gs://B/tmp"
          + " (see templates/README.md)"
    })
final class PreprocessCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RunnerOptions runnerOptions;

  @Unmatched List<String> passThrough = new ArrayList<>();

  /** Adds the {@link PreprocessOptions} properties as options of this command. */
  static final class PipelineOptionsAdder implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec commandSpec) {
      return PipelineOptionsCli.addOptions(commandSpec, PreprocessOptions.class);
    }
  }

  @Override
  public Integer call() {
    PreprocessOptions options =
        PipelineOptionsCli.parse(
            spec.commandLine().getParseResult(),
            PreprocessOptions.class,
            runnerOptions.runner,
            passThrough);
    Pipeline pipeline = PreprocessPipeline.create(options);
    ResourceId output = FileSystems.matchNewResource(options.getOutput(), true);
    refuseFinishedOutput(output);

    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Preprocessing %s into %s on the %s%n",
        options.getInput(), output, options.getRunner().getSimpleName());
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineProgress progress =
        new PipelineProgress(
            PreprocessMetrics.NAMESPACE,
            List.of(
                Map.entry(PreprocessMetrics.IMAGES_ENCODED, "written"),
                Map.entry(PreprocessMetrics.IMAGES_READ, "read"),
                Map.entry(PreprocessMetrics.DEAD_LETTERS, "dead letters")),
            runnerOptions.progressInterval(),
            out);
    PipelineResult.State state = progress.await(result);
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    report(output, seconds, out);
    out.flush();
    return 0;
  }

  /** Refuses an output folder that already holds a finished dataset. */
  private static void refuseFinishedOutput(ResourceId output) {
    ResourceId manifest =
        output.resolve(ShardManifest.FILE_NAME, StandardResolveOptions.RESOLVE_FILE);
    try {
      MatchResult match = FileSystems.match(manifest.toString(), EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
        throw new IllegalArgumentException(
            "--output "
                + output
                + " already holds a preprocessed dataset ("
                + ShardManifest.FILE_NAME
                + "); choose another folder or delete this one");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look into --output " + output, e);
    }
  }

  private static void report(ResourceId output, double seconds, PrintWriter out) {
    ShardManifest m = ImageShards.open(output.toString()).manifest().orElseThrow();
    out.printf(
        "Done in %.1f s: %,d images (%,.0f/s), %,d dead letters.%n",
        seconds, m.records(), m.records() / seconds, m.deadLetters());
    out.printf(
        "  images       %d×%d×%d, %s, mean %s, std %s%n",
        m.height(),
        m.width(),
        m.channels(),
        m.encoding(),
        rounded(m.channelMean()),
        rounded(m.channelStd()));
    if (!m.classes().isEmpty()) {
      out.printf(
          "  classes      %s%n",
          m.classes().stream()
              .map(c -> c.name() + " " + c.count())
              .collect(Collectors.joining(", ")));
    }
    if (m.unlabeled() > 0) {
      out.printf("  unlabeled    %,d%n", m.unlabeled());
    }
    out.printf(
        "  shards       %s (%d files)%n",
        output.resolve(WriteImageShards.PREFIX + "-*.avro", StandardResolveOptions.RESOLVE_FILE),
        m.shards().size());
    out.printf(
        "  dead letters %s%n",
        output.resolve(WriteDeadLetters.FILE_NAME, StandardResolveOptions.RESOLVE_FILE));
    out.printf(
        "  manifest     %s%n",
        output.resolve(ShardManifest.FILE_NAME, StandardResolveOptions.RESOLVE_FILE));
  }

  private static String rounded(List<Double> values) {
    return values.stream()
        .map(v -> String.format("%.4f", v))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
