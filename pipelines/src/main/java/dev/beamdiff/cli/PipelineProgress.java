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
 * time, each counter, and the rate of the first one. Works on any runner that reports attempted
 * metrics while running (the DirectRunner with {@code blockOnRun=false}, Dataflow).
 */
final class PipelineProgress {
  private final String namespace;
  private final List<Map.Entry<String, String>> counters;
  private final Duration interval;
  private final PrintWriter out;

  /**
   * @param namespace the counters' namespace
   * @param counters (counter name, label to print), in printing order; the first gives the rate
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
    long first = -1;
    for (Map.Entry<String, String> e : counters) {
      long value = counter(result, e.getKey());
      first = first < 0 ? value : first;
      line.append(String.format("  %s %,d", e.getValue(), value));
    }
    if (seconds > 0 && first >= 0) {
      line.append(String.format("  (%,.0f/s)", first / seconds));
    }
    return line.toString();
  }
}
