package dev.beamdiff.pipelines.generate;

import dev.beamdiff.cli.CheckpointLocation;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.train.TrainConfig;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.WriteImageShards;
import dev.beamdiff.transforms.generate.ClassPlan;
import dev.beamdiff.transforms.generate.GenerateImagesFn;
import dev.beamdiff.transforms.generate.GenerateMetrics;
import dev.beamdiff.transforms.generate.GenerationPlan;
import dev.beamdiff.transforms.generate.IndexRange;
import dev.beamdiff.transforms.generate.WritePngFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code beamdiff generate} as a Beam pipeline: cut indices 0…N−1 into ranges of {@code batchSize},
 * spread them over workers ({@link Reshuffle}), sample each range as one batch with per-index seeds
 * ({@link GenerateImagesFn}, one model per worker JVM), and write PNG files and/or Avro {@link
 * ImageRecord} shards, and finally {@code generation.json} ({@link GenerationReport}). Portable
 * Beam only: the DirectRunner by default, Dataflow unchanged. The main method is the Flex Template
 * entry point.
 */
public final class GeneratePipeline {
  /** Subfolder of the output with the Avro shards. */
  public static final String AVRO_FOLDER = "avro";

  private GeneratePipeline() {}

  /**
   * Adds the generation to {@code pipeline}.
   *
   * @throws IllegalArgumentException naming the option whose value is not allowed
   */
  public static void build(Pipeline pipeline, GenerateOptions options) {
    build(pipeline, options, plan(options));
  }

  private static void build(Pipeline pipeline, GenerateOptions options, Plan plan) {
    GenerationReport report = reportSkeleton(options, plan);
    long startMillis = System.currentTimeMillis();
    PCollection<ImageRecord> images =
        pipeline
            .apply("IndexRanges", Create.of(plan.ranges()).withCoder(IndexRange.coder()))
            .apply("CountPlanned", ParDo.of(new CountPlannedFn()))
            .setCoder(IndexRange.coder())
            .apply("Distribute", Reshuffle.viaRandomKey())
            .apply("Generate", ParDo.of(new GenerateImagesFn(plan.source(), plan.generation())))
            .setCoder(ImageRecords.coder());
    // The count of files written (PNG) or images sampled; the report waits for the Avro shards.
    PCollection<Long> written =
        plan.formats().contains(ImageFormat.PNG)
            ? images
                .apply("WritePng", ParDo.of(new WritePngFn(options.getOutput())))
                .apply("CountWritten", Count.globally())
            : images.apply("CountWritten", Count.globally());
    if (plan.formats().contains(ImageFormat.AVRO)) {
      PCollection<String> shards =
          images.apply(
              "WriteAvro", WriteImageShards.to(outputFolder(options.getOutput(), AVRO_FOLDER), 0));
      written = written.apply("AfterAvro", Wait.on(shards));
    }
    written.apply(
        "WriteReport",
        ParDo.of(
            new WriteReportFn(
                report,
                outputFile(options.getOutput(), GenerationReport.FILE_NAME).toString(),
                startMillis)));
  }

  /**
   * Builds and runs the generation and waits for it (on any runner); the pipeline's last step has
   * written {@code generation.json}.
   *
   * @throws IllegalStateException if the pipeline did not finish successfully
   */
  public static PipelineResult run(GenerateOptions options) {
    Running running = start(options);
    running.finish();
    return running.result();
  }

  /** Builds and starts the generation without waiting (the command line shows progress). */
  public static Running start(GenerateOptions options) {
    Plan plan = plan(options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, plan);
    return new Running(options, pipeline.run());
  }

  /**
   * Flex Template and {@code java -cp} entry point: Beam-style {@code --name=value} options. Waits
   * for the DirectRunner; on other runners it returns once the job is submitted (a Flex Template
   * launcher must exit), and the job writes {@code generation.json} when it ends.
   */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(GenerateOptions.class);
    GenerateOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(GenerateOptions.class);
    if (options.getRunner() == DirectRunner.class) {
      run(options);
    } else {
      start(options);
    }
  }

  /** A started generation run. */
  public static final class Running {
    private final GenerateOptions options;
    private final PipelineResult result;

    private Running(GenerateOptions options, PipelineResult result) {
      this.options = options;
      this.result = result;
    }

    public PipelineResult result() {
      return result;
    }

    /**
     * Waits for the run to end and returns the {@code generation.json} it wrote.
     *
     * @throws IllegalStateException if the pipeline did not finish successfully
     */
    public GenerationReport finish() {
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the generation pipeline ended in state " + state);
      }
      return GenerationReport.read(options.getOutput());
    }
  }

  /** The report without its results (count, time), which the pipeline fills in at the end. */
  private static GenerationReport reportSkeleton(GenerateOptions options, Plan plan) {
    GenerationReport report = new GenerationReport();
    GenerationReport.Request request = new GenerationReport.Request();
    request.checkpoint = options.getCheckpoint();
    request.checkpointFile = plan.source().key();
    request.n = options.getN();
    request.sampler = options.getSampler();
    request.steps = options.getSteps();
    request.guidance = options.getGuidance();
    request.classes = options.getClasses();
    request.classCycle = new ArrayList<>(plan.generation().classes().cycle());
    request.seed = options.getSeed();
    request.format = options.getFormat();
    request.batchSize = options.getBatchSize();
    report.request = request;
    if (plan.formats().contains(ImageFormat.PNG)) {
      report.png = outputFile(options.getOutput(), "img-*.png").toString();
    }
    if (plan.formats().contains(ImageFormat.AVRO)) {
      report.avro =
          outputFolder(options.getOutput(), AVRO_FOLDER)
              .resolve(WriteImageShards.PREFIX + "-*.avro", StandardResolveOptions.RESOLVE_FILE)
              .toString();
    }
    return report;
  }

  /** File {@code name} in output folder {@code output}. */
  public static ResourceId outputFile(String output, String name) {
    return FileSystems.matchNewResource(output, true)
        .resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  private static ResourceId outputFolder(String output, String name) {
    return FileSystems.matchNewResource(output, true)
        .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /**
   * Everything the options determine, checked: the checkpoint file (resolved once, so every worker
   * loads the same one), the per-range request settings, the index ranges and the formats.
   */
  record Plan(
      CheckpointModelSource source,
      GenerationPlan generation,
      List<IndexRange> ranges,
      Set<ImageFormat> formats) {}

  /**
   * Checks {@code options} and resolves the checkpoint.
   *
   * @throws IllegalArgumentException naming the option whose value is not allowed
   */
  static Plan plan(GenerateOptions options) {
    require(isSet(options.getCheckpoint()), "--checkpoint: required (a checkpoint folder or file)");
    require(isSet(options.getOutput()), "--output: required (a folder, local or gs://)");
    require(options.getN() >= 1, "--n: expected at least 1 image, got " + options.getN());
    require(options.getSteps() >= 1, "--steps: expected at least 1, got " + options.getSteps());
    require(
        options.getBatchSize() >= 1,
        "--batchSize: expected at least 1, got " + options.getBatchSize());
    require(
        Double.isFinite(options.getGuidance()) && options.getGuidance() >= 0,
        "--guidance: expected a finite scale >= 0, got " + options.getGuidance());
    try {
      Samplers.byName(options.getSampler());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--sampler: " + e.getMessage(), e);
    }
    Set<ImageFormat> formats = ImageFormat.parse(options.getFormat());
    CheckpointLocation.Resolved checkpoint = CheckpointLocation.resolve(options.getCheckpoint());
    ModelSpec spec = ModelSpec.fromConfigJson(checkpoint.configJson(), checkpoint.file());
    TrainConfig config = TrainConfig.fromJson(checkpoint.configJson(), checkpoint.file());
    ClassPlan classes =
        ClassPlan.parse(options.getClasses(), config.data().classNames(), spec.numClasses());
    require(
        spec.numClasses() > 0 || options.getGuidance() == 1,
        "--guidance: the model is unconditional, so there is nothing to guide towards; use 1");
    GenerationPlan generation =
        new GenerationPlan(
            options.getSampler(),
            options.getSteps(),
            options.getGuidance(),
            options.getSeed(),
            classes);
    return new Plan(
        new CheckpointModelSource(checkpoint.file()),
        generation,
        IndexRange.split(options.getN(), options.getBatchSize()),
        formats);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Counts the images of each range as planned, for progress and ETA. */
  static final class CountPlannedFn extends DoFn<IndexRange, IndexRange> {
    private final Counter planned =
        Metrics.counter(GenerateMetrics.NAMESPACE, GenerateMetrics.PLANNED);

    @ProcessElement
    public void process(@Element IndexRange range, OutputReceiver<IndexRange> out) {
      planned.inc(range.size());
      out.output(range);
    }
  }
}
