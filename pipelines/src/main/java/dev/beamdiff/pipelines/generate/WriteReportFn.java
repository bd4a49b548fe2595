package dev.beamdiff.pipelines.generate;

import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * The generation pipeline's last step: given the number of images written, completes {@code
 * generation.json} (count, seconds since the pipeline was built, images per second) and writes it.
 */
final class WriteReportFn extends DoFn<Long, Void> {
  private static final long serialVersionUID = 1L;

  private final String skeleton;
  private final String file;
  private final long startMillis;

  WriteReportFn(GenerationReport skeleton, String file, long startMillis) {
    this.skeleton = skeleton.toJson();
    this.file = file;
    this.startMillis = startMillis;
  }

  @ProcessElement
  public void process(@Element Long written) {
    GenerationReport report = GenerationReport.fromJson(skeleton);
    report.written = written;
    report.seconds = Math.max(1e-3, (System.currentTimeMillis() - startMillis) / 1000.0);
    report.imagesPerSecond = written / report.seconds;
    report.write(FileSystems.matchNewResource(file, false));
  }
}
