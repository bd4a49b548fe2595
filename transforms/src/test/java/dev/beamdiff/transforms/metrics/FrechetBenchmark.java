package dev.beamdiff.transforms.metrics;

import dev.beamdiff.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times the FID statistics on 50,000 × 2,048 features: mean and covariance (float64, batches of
 * 256, on 1 and on N threads merged as Beam would) and FD between two such sets. Reads the .npy
 * features written by {@code tools/benchmarks/frechet_numpy.py}, so both sides compute on the same
 * numbers and the FD values can be compared.
 *
 * <pre>
 *   python3 tools/benchmarks/frechet_numpy.py
 *   tools/benchmarks/run-java-benchmark.sh transforms dev.beamdiff.transforms.metrics.FrechetBenchmark \
 *     /tmp/beamdiff-bench [threads]
 * </pre>
 */
public final class FrechetBenchmark {
  private static final int BATCH = 256;

  private FrechetBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/beamdiff-bench");
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    FeatureBatch a = load(dir.resolve("features-a.npy"));
    FeatureBatch b = load(dir.resolve("features-b.npy"));
    System.out.printf(
        "Java %s, %d × %d features, %d cores%n",
        System.getProperty("java.version"),
        a.rows(),
        a.dimension(),
        Runtime.getRuntime().availableProcessors());
    moments(a, 1); // warm-up of the JIT
    long start = System.nanoTime();
    FeatureStatistics sa = moments(a, 1).statistics();
    double oneThread = seconds(start);
    start = System.nanoTime();
    moments(a, threads);
    double parallel = seconds(start);
    System.out.printf(
        "mean+cov (float64) of one set: %.2f s on 1 thread (%,.0f features/s), %.2f s on %d threads"
            + " (%,.0f features/s)%n",
        oneThread, a.rows() / oneThread, parallel, threads, a.rows() / parallel);
    FeatureStatistics sb = moments(b, threads).statistics();
    start = System.nanoTime();
    FrechetDistance.Result fd = FrechetDistance.between(sa, sb);
    double fdSeconds = seconds(start);
    System.out.printf("FD, symmetric eigen route: %s in %.2f s%n", fd.value(), fdSeconds);
    System.out.printf(
        "total, mean+cov + FD: %.2f s (1 thread for the moments), %.2f s (%d threads)%n",
        oneThread + fdSeconds, parallel + fdSeconds, threads);
  }

  /** Moments of all rows, accumulated in batches on {@code threads} threads, then merged. */
  static FeatureMoments moments(FeatureBatch all, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<FeatureMoments>> parts = new ArrayList<>();
      int per = (all.rows() + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * per;
        int to = Math.min(all.rows(), from + per);
        parts.add(
            pool.submit(
                () -> {
                  FeatureMoments m = new FeatureMoments();
                  for (int r = from; r < to; r += BATCH) {
                    m.add(MetricFixtures.slice(all, r, Math.min(to, r + BATCH)));
                  }
                  return m;
                }));
      }
      FeatureMoments merged = parts.get(0).get();
      for (int t = 1; t < parts.size(); t++) {
        merged.merge(parts.get(t).get());
      }
      return merged;
    } finally {
      pool.shutdown();
    }
  }

  private static FeatureBatch load(Path file) throws IOException {
    Npy.Array array = Npy.read(file.toString(), Files.readAllBytes(file));
    return new FeatureBatch((int) array.shape()[0], (int) array.shape()[1], array.asFloats());
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
