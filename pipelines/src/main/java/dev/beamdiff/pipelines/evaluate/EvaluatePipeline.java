package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.transforms.metrics.detector.DetectorSpec;
import dev.beamdiff.transforms.metrics.image.InputResizer;
import dev.beamdiff.transforms.metrics.image.PillowBicubicResizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code beamdiff evaluate} as a Beam pipeline: for each side, read images (Avro shards or files)
 * or saved statistics, extract features in batches, combine mean and covariance in float64 and a
 * seeded KID sample; then compute FD and KID, write the JSON report, optionally save statistics,
 * and list rejected inputs. Portable Beam only: the DirectRunner by default, Dataflow (or any
 * runner on the classpath) unchanged. The main method is the Flex Template entry point.
 */
public final class EvaluatePipeline {
  private EvaluatePipeline() {}

  /** Adds the evaluation to {@code pipeline}; returns the report JSON (one element). */
  public static PCollection<String> build(Pipeline pipeline, EvaluateOptions options) {
    return build(pipeline, options, new PillowBicubicResizer());
  }

  /** As {@link #build(Pipeline, EvaluateOptions)} with another resizer (tests). */
  static PCollection<String> build(
      Pipeline pipeline, EvaluateOptions options, InputResizer resizer) {
    validate(options);
    DetectorSpec detector = DetectorSpec.of(options.getDetector(), options.getDetectorModel());
    EvaluationSide real =
        EvaluationSide.build(
            pipeline,
            "real",
            EvaluationInput.parse("--real", options.getReal()),
            detector,
            resizer,
            options);
    EvaluationSide fake =
        isSet(options.getFake())
            ? EvaluationSide.build(
                pipeline,
                "fake",
                EvaluationInput.parse("--fake", options.getFake()),
                detector,
                resizer,
                options)
            : null;
    if (isSet(options.getSaveStats())) {
      save(pipeline, "real", real, detector, resizer, options.getSaveStats());
    }
    if (isSet(options.getSaveFakeStats())) {
      if (fake == null) {
        throw new IllegalArgumentException("--saveFakeStats needs --fake");
      }
      save(pipeline, "fake", fake, detector, resizer, options.getSaveFakeStats());
    }
    String rejectedFile = rejectedFile(options.getReport());
    List<PCollection<String>> rejected = new ArrayList<>();
    rejected.add(lines(real));
    List<PCollectionView<?>> views = new ArrayList<>(real.views().all());
    if (fake != null) {
      rejected.add(lines(fake));
      views.addAll(fake.views().all());
    }
    PCollectionList.of(rejected)
        .apply("FlattenRejected", Flatten.pCollections())
        .apply("WriteRejected", TextIO.write().to(rejectedFile).withoutSharding());
    return pipeline
        .apply("ReportLocation", Create.of(options.getReport()))
        .apply(
            "Report",
            ParDo.of(
                    new ReportFn(
                        real.views(),
                        fake == null ? null : fake.views(),
                        detector,
                        resizer,
                        options,
                        rejectedFile))
                .withSideInputs(views));
  }

  /** Runs the evaluation; waits for it on the DirectRunner, returns at once on Dataflow. */
  public static PipelineResult run(EvaluateOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options);
    PipelineResult result = pipeline.run();
    if (options.getRunner() == DirectRunner.class) {
      result.waitUntilFinish();
    }
    return result;
  }

  /** Flex Template and {@code java -cp} entry point: Beam-style {@code --name=value} options. */
  public static void main(String[] args) {
    EvaluateOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(EvaluateOptions.class);
    run(options);
  }

  /** {@code <report without .json>-rejected.txt}. */
  static String rejectedFile(String report) {
    return report.replaceFirst("\\.json$", "") + "-rejected.txt";
  }

  static void validate(EvaluateOptions options) {
    if (!isSet(options.getFake()) && !isSet(options.getSaveStats())) {
      throw new IllegalArgumentException(
          "nothing to do: give --fake to compare with --real, or --saveStats to only save the"
              + " real side's statistics");
    }
    require(options.getBatchSize() >= 1, "--batchSize must be at least 1");
    require(options.getKidSubsets() >= 1, "--kidSubsets must be at least 1");
    require(
        options.getKidSubsetSize() >= 2 && options.getKidSubsetSize() <= 10_000,
        "--kidSubsetSize must be between 2 and 10,000 (clean-fid uses 1,000)");
    require(
        options.getKidSampleSize() == 0 || options.getKidSampleSize() >= 2,
        "--kidSampleSize must be 0 (no KID) or at least 2");
    require(isSet(options.getReport()), "--report must name a file");
  }

  private static void save(
      Pipeline pipeline,
      String name,
      EvaluationSide side,
      DetectorSpec detector,
      InputResizer resizer,
      String location) {
    pipeline
        .apply("Save " + name + " statistics/Location", Create.of(location))
        .apply(
            "Save " + name + " statistics",
            ParDo.of(new SaveStatisticsFn(side.views(), detector, resizer))
                .withSideInputs(side.views().all()));
  }

  private static PCollection<String> lines(EvaluationSide side) {
    String name = side.name();
    return side.rejected()
        .apply(
            name + "/RejectedLines",
            MapElements.into(TypeDescriptors.strings())
                .via(kv -> name + "\t" + kv.getKey() + "\t" + kv.getValue()));
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
