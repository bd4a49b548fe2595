package dev.beamdiff.pipelines.quickstart;

import java.io.PrintWriter;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * Waits for a pipeline started with {@code blockOnRun=false}, printing one Beam counter (work done
 * so far), its rate and, when the total is known, the time left, every few seconds.
 */
final class PipelineWait {
  private final String namespace;
  private final String counter;
  private final String unit;
  private final long total;
  private final long intervalMillis;

  /**
   * @param namespace the counter's namespace
   * @param counter the counter's name
   * @param unit what it counts, for display
   * @param total the count at the end if known, else 0
   * @param intervalMillis time between progress lines
   */
  PipelineWait(String namespace, String counter, String unit, long total, long intervalMillis) {
    this.namespace = namespace;
    this.counter = counter;
    this.unit = unit;
    this.total = total;
    this.intervalMillis = intervalMillis;
  }

  /**
   * Waits for {@code result} and checks that it succeeded.
   *
   * @throws IllegalStateException naming {@code what} if the pipeline did not finish successfully
   */
  void await(PipelineResult result, String what, PrintWriter out) {
    long start = System.nanoTime();
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(intervalMillis));
      if (state != null && state.isTerminal()) {
        if (state != PipelineResult.State.DONE) {
          throw new IllegalStateException(what + ": the pipeline ended in state " + state);
        }
        return;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long done = count(result);
      double rate = done / Math.max(seconds, 1e-9);
      StringBuilder line =
          new StringBuilder(String.format("  %6.0f s  %,d %s (%,.0f/s", seconds, done, unit, rate));
      if (total > done && rate > 0) {
        line.append(String.format(", %,d total, about %.0f s left", total, (total - done) / rate));
      }
      out.println(line.append(')'));
      out.flush();
    }
  }

  private long count(PipelineResult result) {
    MetricsFilter filter =
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, counter)).build();
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(filter).getCounters()) {
      Long attempted = c.getAttempted();
      sum += attempted == null ? 0 : attempted;
    }
    return sum;
  }
}
