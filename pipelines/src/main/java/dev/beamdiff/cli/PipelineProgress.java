package dev.beamdiff.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Waits for a running pipeline and prints a line of its Beam counters every few seconds: elapsed
 * time, each counter, the rate of the first one and, while the second (a total known so far) is
 * ahead of the first, the time left at that rate. Works on any runner that reports attempted
 * metrics while running (the DirectRunner with {@code blockOnRun=false}, Dataflow).
 */
final class PipelineProgress {
  private final String namespace;
  private final List<Map.Entry<String, String>> counters;
  private final Duration interval;
  private final PrintWriter out;

  /**
   * @param namespace the counters' namespace
   * @param counters (counter name, label to print), in printing order: the first counts work done,
   *     the second (if any) the work known so far
   */
  PipelineProgress(
      String namespace,
      List<Map.Entry<String, String>> counters,
      Duration interval,
      PrintWriter out) {
    this.namespace = namespace;
    this.counters = List.copyOf(counters);
    this.interval = interval;
    this.out = out;
  }

  /**
   * Waits until {@code result} finishes, printing progress.
   *
   * @return the final state
   * @throws RuntimeException the runner's exception if the pipeline fails
   */
  PipelineResult.State await(PipelineResult result) {
    long start = System.nanoTime();
    while (true) {
      PipelineResult.State state =
          result.waitUntilFinish(org.joda.time.Duration.millis(interval.toMillis()));
      if (state != null && state.isTerminal()) {
        return state;
      }
      out.println(line(result, (System.nanoTime() - start) / 1e9));
      out.flush();
    }
  }

  /** The current value of counter {@code name} (attempted, summed over steps). */
  long counter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long attempted = counter.getAttempted();
      total += attempted == null ? 0 : attempted;
    }
    return total;
  }

  private String line(PipelineResult result, double seconds) {
    StringBuilder line = new StringBuilder(String.format("%7.0f s", seconds));
    long[] values = new long[counters.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = counter(result, counters.get(i).getKey());
      line.append(String.format("  %s %,d", counters.get(i).getValue(), values[i]));
    }
    double rate = values.length > 0 && seconds > 0 ? values[0] / seconds : 0;
    line.append(String.format("  (%,.0f/s", rate));
    if (values.length > 1 && rate > 0 && values[1] > values[0]) {
      line.append(String.format(", about %.0f s left", (values[1] - values[0]) / rate));
    }
    return line.append(')').toString();
  }
}
