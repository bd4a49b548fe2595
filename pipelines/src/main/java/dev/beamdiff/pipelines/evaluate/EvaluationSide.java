package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.FeatureBatchCoder;
import dev.beamdiff.transforms.metrics.FeatureMoments;
import dev.beamdiff.transforms.metrics.FeatureMomentsFn;
import dev.beamdiff.transforms.metrics.FeatureSampleFn;
import dev.beamdiff.transforms.metrics.FeatureStatistics;
import dev.beamdiff.transforms.metrics.FeatureStatisticsCoder;
import dev.beamdiff.transforms.metrics.StatisticsFile;
import dev.beamdiff.transforms.metrics.detector.DetectorSpec;
import dev.beamdiff.transforms.metrics.features.ExtractFeatures;
import dev.beamdiff.transforms.metrics.image.DecodeImages;
import dev.beamdiff.transforms.metrics.image.DecodedImage;
import dev.beamdiff.transforms.metrics.image.InputResizer;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * What one side of an evaluation (real or fake) contributes: its rejected inputs and, as side
 * inputs for the report ({@link Views}), its feature statistics, its KID sample (zero or one
 * batch), the shapes of its input images, its rejection count and examples and, for saved
 * statistics, what the file records.
 */
record EvaluationSide(Views views, PCollection<KV<String, String>> rejected) {

  /** The side inputs of one side; serializable, so DoFns can hold it. */
  record Views(
      String name,
      EvaluationInput input,
      PCollectionView<FeatureStatistics> statistics,
      PCollectionView<List<FeatureBatch>> kidSample,
      PCollectionView<Map<String, Long>> inputShapes,
      PCollectionView<Long> rejectedCount,
      PCollectionView<List<KV<String, String>>> rejectedExamples,
      PCollectionView<Map<String, String>> fileMetadata)
      implements Serializable {

    /** All views, for {@code ParDo.withSideInputs}. */
    List<PCollectionView<?>> all() {
      return List.of(
          statistics, kidSample, inputShapes, rejectedCount, rejectedExamples, fileMetadata);
    }
  }

  String name() {
    return views.name();
  }

  static final int REJECTED_EXAMPLES = 20;

  /** Metadata keys of saved statistics. */
  static final String DETECTOR = "detector";

  static final String RESIZE_MODE = "resizeMode";

  /** Builds the side named {@code name} (real or fake) reading {@code input}. */
  static EvaluationSide build(
      Pipeline pipeline,
      String name,
      EvaluationInput input,
      DetectorSpec detector,
      InputResizer resizer,
      EvaluateOptions options) {
    String prefix = name + "/";
    if (input.kind() == EvaluationInput.Kind.STATISTICS) {
      return fromStatisticsFile(pipeline, name, input, detector);
    }
    PCollectionTuple decoded =
        input.kind() == EvaluationInput.Kind.AVRO
            ? pipeline
                .apply(prefix + "ReadAvro", AvroIO.read(ImageRecord.class).from(input.pattern()))
                .apply(prefix + "Decode", DecodeImages.records())
            : pipeline
                .apply(
                    prefix + "Match",
                    FileIO.match()
                        .filepattern(input.pattern())
                        .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
                .apply(prefix + "ReadFiles", FileIO.readMatches())
                .apply(prefix + "Decode", DecodeImages.files());
    PCollection<DecodedImage> images = decoded.get(DecodeImages.DECODED);
    PCollectionTuple extracted =
        images.apply(
            prefix + "ExtractFeatures",
            new ExtractFeatures(detector, resizer, options.getBatchSize()));
    PCollection<FeatureBatch> features = extracted.get(ExtractFeatures.FEATURES);
    PCollection<KV<String, String>> rejected =
        PCollectionList.of(decoded.get(DecodeImages.REJECTED))
            .and(extracted.get(ExtractFeatures.REJECTED))
            .apply(prefix + "Rejected", Flatten.pCollections());
    PCollectionView<List<KV<String, String>>> examples =
        rejected
            .apply(prefix + "RejectedExamples", Sample.any(REJECTED_EXAMPLES))
            .apply(prefix + "RejectedExamplesView", View.asList());
    PCollectionView<Long> rejectedCount =
        rejected
            .apply(prefix + "CountRejected", Count.globally())
            .apply(prefix + "RejectedCountView", View.asSingleton());
    PCollectionView<FeatureStatistics> statistics =
        features
            .apply(
                prefix + "Moments",
                Combine.globally(new FeatureMomentsFn())
                    .withFanout(Math.max(2, options.getStatisticsFanout())))
            .apply(
                prefix + "Statistics",
                ParDo.of(new StatisticsFn(name, input.location(), examples, rejectedCount))
                    .withSideInputs(examples, rejectedCount))
            .setCoder(FeatureStatisticsCoder.of())
            .apply(prefix + "StatisticsView", View.asSingleton());
    PCollection<FeatureBatch> sample =
        options.getKidSampleSize() > 0
            ? features.apply(
                prefix + "KidSample",
                Combine.globally(new FeatureSampleFn(options.getKidSampleSize(), options.getSeed()))
                    .withoutDefaults())
            : pipeline.apply(prefix + "NoKidSample", Create.empty(FeatureBatchCoder.of()));
    PCollectionView<Map<String, Long>> shapes =
        images
            .apply(
                prefix + "Shape",
                MapElements.into(TypeDescriptors.strings()).via(EvaluationSide::shape))
            .apply(prefix + "CountShapes", Count.perElement())
            .apply(prefix + "ShapesView", View.asMap());
    return new EvaluationSide(
        new Views(
            name,
            input,
            statistics,
            sample.apply(prefix + "KidSampleView", View.asList()),
            shapes,
            rejectedCount,
            examples,
            pipeline
                .apply(
                    prefix + "NoFileMetadata",
                    Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
                .apply(prefix + "FileMetadataView", View.asMap())),
        rejected);
  }

  /** "H×W×C", the key of {@link Views#inputShapes()}. */
  static String shape(DecodedImage image) {
    return image.height() + "×" + image.width() + "×" + image.channels();
  }

  private static EvaluationSide fromStatisticsFile(
      Pipeline pipeline, String name, EvaluationInput input, DetectorSpec detector) {
    String prefix = name + "/";
    TupleTag<FeatureStatistics> statsTag = new TupleTag<>() {};
    TupleTag<FeatureBatch> sampleTag = new TupleTag<>() {};
    TupleTag<KV<String, String>> metadataTag = new TupleTag<>() {};
    PCollectionTuple read =
        pipeline
            .apply(prefix + "Location", Create.of(input.location()))
            .apply(
                prefix + "ReadStatistics",
                ParDo.of(new ReadStatisticsFn(name, detector, statsTag, sampleTag, metadataTag))
                    .withOutputTags(statsTag, TupleTagList.of(sampleTag).and(metadataTag)));
    read.get(statsTag).setCoder(FeatureStatisticsCoder.of());
    read.get(sampleTag).setCoder(FeatureBatchCoder.of());
    read.get(metadataTag).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<KV<String, String>> rejected =
        pipeline.apply(
            prefix + "NoRejected",
            Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    return new EvaluationSide(
        new Views(
            name,
            input,
            read.get(statsTag).apply(prefix + "StatisticsView", View.asSingleton()),
            read.get(sampleTag).apply(prefix + "KidSampleView", View.asList()),
            pipeline
                .apply(
                    prefix + "NoShapes",
                    Create.empty(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
                .apply(prefix + "ShapesView", View.asMap()),
            pipeline
                .apply(prefix + "ZeroRejected", Create.of(0L))
                .apply(prefix + "RejectedCountView", View.asSingleton()),
            rejected.apply(prefix + "RejectedExamplesView", View.asList()),
            read.get(metadataTag).apply(prefix + "FileMetadataView", View.asMap())),
        rejected);
  }

  /** Turns the combined moments into statistics, or explains why there are too few features. */
  static final class StatisticsFn extends DoFn<FeatureMoments, FeatureStatistics> {
    private final String side;
    private final String location;
    private final PCollectionView<List<KV<String, String>>> examples;
    private final PCollectionView<Long> rejectedCount;

    StatisticsFn(
        String side,
        String location,
        PCollectionView<List<KV<String, String>>> examples,
        PCollectionView<Long> rejectedCount) {
      this.side = side;
      this.location = location;
      this.examples = examples;
      this.rejectedCount = rejectedCount;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      FeatureMoments moments = c.element();
      if (moments.count() < 2) {
        List<KV<String, String>> some = c.sideInput(examples);
        throw new IllegalArgumentException(
            "--"
                + side
                + " "
                + location
                + ": "
                + moments.count()
                + " usable image(s), at least 2 are needed for a covariance"
                + (some.isEmpty()
                    ? ""
                    : "; "
                        + c.sideInput(rejectedCount)
                        + " input(s) were rejected, e.g. "
                        + some.get(0).getKey()
                        + ": "
                        + some.get(0).getValue()));
      }
      c.output(moments.statistics());
    }
  }

  /** Reads a saved statistics file and checks it was made with the same detector. */
  static final class ReadStatisticsFn extends DoFn<String, FeatureStatistics> {
    private final String side;
    private final DetectorSpec detector;
    private final TupleTag<FeatureStatistics> statsTag;
    private final TupleTag<FeatureBatch> sampleTag;
    private final TupleTag<KV<String, String>> metadataTag;

    ReadStatisticsFn(
        String side,
        DetectorSpec detector,
        TupleTag<FeatureStatistics> statsTag,
        TupleTag<FeatureBatch> sampleTag,
        TupleTag<KV<String, String>> metadataTag) {
      this.side = side;
      this.detector = detector;
      this.statsTag = statsTag;
      this.sampleTag = sampleTag;
      this.metadataTag = metadataTag;
    }

    @ProcessElement
    public void process(@Element String location, MultiOutputReceiver out) {
      StatisticsFile.Contents contents;
      try {
        contents = StatisticsFile.read(location);
      } catch (IOException e) {
        throw new UncheckedIOException("--" + side + ": " + e.getMessage(), e);
      }
      String recorded = contents.detector();
      if (!recorded.isEmpty() && !recorded.equals(detector.kind().cliName())) {
        throw new IllegalArgumentException(
            "--"
                + side
                + " "
                + location
                + " holds statistics of the '"
                + recorded
                + "' detector, but this evaluation uses --detector "
                + detector.kind().cliName()
                + "; features of different detectors cannot be compared");
      }
      out.get(statsTag).output(contents.statistics());
      contents.kidSample().ifPresent(sample -> out.get(sampleTag).output(sample));
      out.get(metadataTag).output(KV.of(DETECTOR, recorded));
      out.get(metadataTag).output(KV.of(RESIZE_MODE, contents.resizeMode()));
    }
  }
}
