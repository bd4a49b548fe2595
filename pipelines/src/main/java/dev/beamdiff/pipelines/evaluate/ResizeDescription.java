package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.transforms.metrics.detector.DetectorInput;
import dev.beamdiff.transforms.metrics.image.InputResizer;
import java.util.Map;

/** How a side's inputs reached the detector's size, in words for reports and saved statistics. */
final class ResizeDescription {
  private ResizeDescription() {}

  /**
   * @param shapes image counts by "H×W×C", as {@link EvaluationSide#shape} writes them
   */
  static String of(DetectorInput input, InputResizer resizer, Map<String, Long> shapes) {
    String size = input.height() + "×" + input.width();
    boolean anyResized = shapes.keySet().stream().anyMatch(shape -> !shape.startsWith(size + "×"));
    return anyResized ? resizer.description() : "none (inputs already " + size + ")";
  }
}
