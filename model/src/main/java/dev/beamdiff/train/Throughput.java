package dev.beamdiff.train;

import java.util.ArrayDeque;
import java.util.Deque;

/** Images per second over the most recent updates (a sliding window of step durations). */
final class Throughput {
  private final int window;
  private final int batchSize;
  private final Deque<Double> durations = new ArrayDeque<>();
  private double sum;

  Throughput(int window, int batchSize) {
    this.window = window;
    this.batchSize = batchSize;
  }

  void add(double seconds) {
    durations.addLast(seconds);
    sum += seconds;
    if (durations.size() > window) {
      sum -= durations.removeFirst();
    }
  }

  double imagesPerSecond() {
    return sum > 0 ? durations.size() * batchSize / sum : 0;
  }
}
