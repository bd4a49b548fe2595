package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.FeatureStatistics;
import dev.beamdiff.transforms.metrics.FrechetDistance;
import dev.beamdiff.transforms.metrics.KernelInceptionDistance;
import dev.beamdiff.transforms.metrics.detector.DetectorSpec;
import dev.beamdiff.transforms.metrics.image.InputResizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step: FD and KID from both sides' statistics and samples, written as the JSON report
 * (through Beam's file systems) and emitted as the element's output.
 */
final class ReportFn extends DoFn<String, String> {
  private static final Logger LOG = LoggerFactory.getLogger(ReportFn.class);

  /** Below this many samples per side FID is strongly biased (and, with sqrtm, often complex). */
  static final long MIN_SAMPLES = 2048;

  private final EvaluationSide.Views real;
  private final EvaluationSide.Views fake;
  private final DetectorSpec detector;
  private final InputResizer resizer;
  private final int kidSubsets;
  private final int kidSubsetSize;
  private final long seed;
  private final String rejectedFile;

  ReportFn(
      EvaluationSide.Views real,
      EvaluationSide.Views fake,
      DetectorSpec detector,
      InputResizer resizer,
      EvaluateOptions options,
      String rejectedFile) {
    this.real = real;
    this.fake = fake;
    this.detector = detector;
    this.resizer = resizer;
    this.kidSubsets = options.getKidSubsets();
    this.kidSubsetSize = options.getKidSubsetSize();
    this.seed = options.getSeed();
    this.rejectedFile = rejectedFile;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    String location = c.element();
    EvaluationReport report = new EvaluationReport();
    report.createdAt = Instant.now().toString();
    FeatureStatistics realStats = c.sideInput(real.statistics());
    report.detector = detectorSection(realStats.dimension());
    report.real = side(c, real, realStats, report);
    report.rejectedFile = rejectedFile;
    if (fake != null) {
      FeatureStatistics fakeStats = c.sideInput(fake.statistics());
      report.fake = side(c, fake, fakeStats, report);
      FrechetDistance.Result fd = FrechetDistance.between(realStats, fakeStats);
      report.frechetDistance = fd.value();
      EvaluationReport.FrechetTerms terms = new EvaluationReport.FrechetTerms();
      terms.meanTerm = fd.meanTerm();
      terms.traceReal = fd.traceFirst();
      terms.traceFake = fd.traceSecond();
      terms.traceSqrtProduct = fd.traceSqrtProduct();
      report.frechetTerms = terms;
      kid(c, report);
      if (!report.real.resizeMode.equals(report.fake.resizeMode)) {
        warn(
            report,
            "real and fake inputs were resized differently ("
                + report.real.resizeMode
                + " vs "
                + report.fake.resizeMode
                + "); the distance then partly measures the resizing");
      }
    } else {
      report.kidUnavailable = "no --fake side: statistics only";
    }
    String json = report.toJson();
    try (OutputStream out =
        Channels.newOutputStream(
            FileSystems.create(FileSystems.matchNewResource(location, false), MimeTypes.TEXT))) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    c.output(json);
  }

  private EvaluationReport.Detector detectorSection(int featureDimension) {
    EvaluationReport.Detector section = new EvaluationReport.Detector();
    section.name = detector.kind().cliName();
    section.description = detector.kind().description();
    section.model = detector.modelLocation();
    section.input = detector.input().toString();
    section.featureDimension = featureDimension;
    return section;
  }

  private EvaluationReport.Side side(
      ProcessContext c,
      EvaluationSide.Views side,
      FeatureStatistics stats,
      EvaluationReport report) {
    EvaluationReport.Side section = new EvaluationReport.Side();
    section.location = side.input().location();
    section.kind = side.input().description();
    section.n = stats.count() == FeatureStatistics.UNKNOWN_COUNT ? null : stats.count();
    section.inputShapes = new TreeMap<>(c.sideInput(side.inputShapes()));
    section.rejected = c.sideInput(side.rejectedCount());
    for (KV<String, String> rejected : c.sideInput(side.rejectedExamples())) {
      section.rejectedExamples.add(rejected.getKey() + ": " + rejected.getValue());
    }
    Map<String, String> file = c.sideInput(side.fileMetadata());
    if (side.input().kind() == EvaluationInput.Kind.STATISTICS) {
      String mode = file.getOrDefault(EvaluationSide.RESIZE_MODE, "");
      section.resizeMode = mode.isEmpty() ? "unknown (not recorded in the file)" : mode;
      if (file.getOrDefault(EvaluationSide.DETECTOR, "").isEmpty()) {
        warn(
            report,
            side.input().location()
                + " does not record its detector; it is assumed to hold "
                + detector.kind().cliName()
                + " features");
      }
    } else {
      section.resizeMode = ResizeDescription.of(detector.input(), resizer, section.inputShapes);
    }
    if (section.n != null && section.n < MIN_SAMPLES) {
      warn(
          report,
          side.name()
              + " has only "
              + section.n
              + " samples: FID is biased below 2,048 samples and is comparable only at equal N"
              + " (use 10,000-50,000)");
    }
    if (section.n != null && section.n <= stats.dimension()) {
      warn(
          report,
          side.name()
              + ": "
              + section.n
              + " samples for "
              + stats.dimension()
              + " features leave the covariance singular; the symmetric square root keeps FD"
              + " finite, but it is dominated by the sample size");
    }
    if (section.rejected > 0) {
      warn(
          report,
          section.rejected + " " + side.name() + " input(s) were rejected; see " + rejectedFile);
    }
    return section;
  }

  private void kid(ProcessContext c, EvaluationReport report) {
    List<FeatureBatch> realSample = c.sideInput(real.kidSample());
    List<FeatureBatch> fakeSample = c.sideInput(fake.kidSample());
    if (realSample.isEmpty() || fakeSample.isEmpty()) {
      report.kidUnavailable =
          "no feature sample for "
              + (realSample.isEmpty() ? "--real" : "--fake")
              + " (statistics files keep one only when saved with a KID sample; --kidSampleSize 0"
              + " turns it off)";
      return;
    }
    FeatureBatch x = realSample.get(0);
    FeatureBatch y = fakeSample.get(0);
    if (x.rows() < 2 || y.rows() < 2) {
      report.kidUnavailable = "fewer than 2 sampled features on one side";
      return;
    }
    KernelInceptionDistance.Result result =
        KernelInceptionDistance.compute(x, y, kidSubsets, kidSubsetSize, seed);
    EvaluationReport.Kid kid = new EvaluationReport.Kid();
    kid.mean = result.mean();
    kid.standardDeviation = result.standardDeviation();
    kid.subsets = result.subsets();
    kid.subsetSize = result.subsetSize();
    kid.seed = seed;
    report.kid = kid;
  }

  private static void warn(EvaluationReport report, String warning) {
    LOG.warn(warning);
    report.warnings.add(warning);
  }
}
