package dev.beamdiff.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options every pipeline command shares (a picocli mixin): the Beam runner and how often to
 * print progress. (The runner's own options, passed through to Beam unparsed, are each command's
 * {@code @Unmatched} list: picocli does not collect unmatched arguments into a mixin.)
 */
final class RunnerOptions {
  @Option(
      names = "--runner",
      paramLabel = "RUNNER",
      defaultValue = "DirectRunner",
      description =
          "Beam runner: DirectRunner (embedded) or DataflowRunner; Flink and Spark need their"
              + " Maven profile. Default: ${DEFAULT-VALUE}.")
  String runner;

  @Option(
      names = "--progressSeconds",
      paramLabel = "S",
      defaultValue = "10",
      description = "Seconds between progress lines. Default: ${DEFAULT-VALUE}.")
  int progressSeconds;

  Duration progressInterval() {
    return Duration.ofSeconds(Math.max(1, progressSeconds));
  }
}
