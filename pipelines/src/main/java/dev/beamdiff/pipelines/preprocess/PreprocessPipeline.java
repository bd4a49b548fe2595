package dev.beamdiff.pipelines.preprocess;

import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.image.Fit;
import dev.beamdiff.transforms.image.ImageFitter;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import dev.beamdiff.transforms.preprocess.PreprocessImages;
import dev.beamdiff.transforms.preprocess.PreprocessSettings;
import dev.beamdiff.transforms.preprocess.SourceFormat;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The preprocessing pipeline ({@link PreprocessImages}) built from {@link PreprocessOptions}; its
 * {@link #main} is the Dataflow Flex Template's entry point.
 */
public final class PreprocessPipeline {
  private PreprocessPipeline() {}

  /**
   * Flex Template and command-line entry point: parses and validates the options, builds the
   * pipeline and submits it. It does not wait for the job (a Flex Template launcher must exit); the
   * DirectRunner blocks until done unless {@code --blockOnRun=false}.
   */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(PreprocessOptions.class);
    PreprocessOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(PreprocessOptions.class);
    create(options).run();
  }

  /** The pipeline for {@code options}, built but not run. */
  public static Pipeline create(PreprocessOptions options) {
    PreprocessSettings settings = settings(options);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply("Preprocess", PreprocessImages.with(settings));
    return pipeline;
  }

  /**
   * The settings {@code options} describe.
   *
   * @throws IllegalArgumentException saying which option has a value that is not allowed
   */
  public static PreprocessSettings settings(PreprocessOptions options) {
    Fit fit = parsed("fit", options.getFit(), Fit::parse);
    Filter filter = parsed("filter", options.getFilter(), Filter::parse);
    SourceFormat format = parsed("inputFormat", options.getInputFormat(), SourceFormat::parse);
    PixelEncoding encoding = parsed("encoding", options.getEncoding(), ImageRecords::parseEncoding);
    List<String> inputs =
        Arrays.stream(options.getInput().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    try {
      return new PreprocessSettings(
          inputs,
          options.getOutput(),
          format,
          options.getLabelFromFolder(),
          options.getChannels(),
          new ImageFitter(options.getSize(), fit, filter, options.getPadValue()),
          encoding,
          options.getShards(),
          options.getMaxPixels(),
          spreadKeys(options));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid preprocess options: " + e.getMessage(), e);
    }
  }

  /**
   * Keys to spread work over: on the DirectRunner, which makes a bundle per key, four per thread;
   * elsewhere a random key per element.
   */
  static int spreadKeys(PipelineOptions options) {
    return options.getRunner() == DirectRunner.class
        ? 4 * options.as(DirectOptions.class).getTargetParallelism()
        : 0;
  }

  private static <T> T parsed(String option, String value, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + option + ": " + e.getMessage(), e);
    }
  }
}
