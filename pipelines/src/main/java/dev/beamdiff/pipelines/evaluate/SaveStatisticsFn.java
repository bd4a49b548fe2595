package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.StatisticsFile;
import dev.beamdiff.transforms.metrics.detector.DetectorSpec;
import dev.beamdiff.transforms.metrics.image.InputResizer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.transforms.DoFn;

/** Writes one side's statistics and KID sample to the {@code .npz} file given as the element. */
final class SaveStatisticsFn extends DoFn<String, String> {
  private final EvaluationSide.Views side;
  private final DetectorSpec detector;
  private final InputResizer resizer;

  SaveStatisticsFn(EvaluationSide.Views side, DetectorSpec detector, InputResizer resizer) {
    this.side = side;
    this.detector = detector;
    this.resizer = resizer;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    String location = c.element();
    List<FeatureBatch> sample = c.sideInput(side.kidSample());
    Map<String, String> file = c.sideInput(side.fileMetadata());
    String resizeMode =
        side.input().kind() == EvaluationInput.Kind.STATISTICS
            ? file.getOrDefault(EvaluationSide.RESIZE_MODE, "")
            : ResizeDescription.of(detector.input(), resizer, c.sideInput(side.inputShapes()));
    StatisticsFile.write(
        location,
        new StatisticsFile.Contents(
            c.sideInput(side.statistics()),
            sample.isEmpty() ? Optional.empty() : Optional.of(sample.get(0)),
            detector.kind().cliName(),
            resizeMode));
    c.output(location);
  }
}
