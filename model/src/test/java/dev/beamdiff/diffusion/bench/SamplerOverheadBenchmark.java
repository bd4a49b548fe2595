package dev.beamdiff.diffusion.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.Denoiser;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.Generation;
import dev.beamdiff.diffusion.sampling.KarrasSpacing;
import dev.beamdiff.diffusion.sampling.Sampler;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.sampling.SamplingModel;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-step cost of each sampler apart from the network, on a 64×3×32×32 float32 batch.
 *
 * <p>Each sampler runs 50 Karras steps on an EDM schedule with a stand-in network, {@code F =
 * 0.5·input}, through the full {@link SamplingModel} chain (c_in, c_noise, x̂0 transform). The
 * stand-in's own cost (one multiply per evaluation) is measured separately and subtracted, so
 * "overhead" is the sampler's arithmetic, the chain's scaling and transform, noise generation and
 * memory scoping per step. Median of 7 runs after 3 warm-up runs. Sampler names as arguments
 * restrict the run. On a machine with more threads than cores, run with {@code
 * OMP_WAIT_POLICY=PASSIVE}: libtorch's OpenMP workers otherwise spin between operations and starve
 * the Java threads.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE ./mvnw -q -pl model test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.beamdiff.diffusion.bench.SamplerOverheadBenchmark -Dai.djl.offline=true
 * </pre>
 */
public final class SamplerOverheadBenchmark {
  private static final Shape SHAPE = new Shape(64, 3, 32, 32);
  private static final int STEPS = 50;
  private static final int WARMUP = 3;
  private static final int RUNS = 7;

  private SamplerOverheadBenchmark() {}

  public static void main(String[] args) {
    DiffusionSpec spec = DiffusionSpec.parse("edm", null, null);
    SamplingGrid grid = SamplingGrid.of(spec.schedule(), new KarrasSpacing(), STEPS);
    NoiseSource noise = SeededNoise.forIndices(1, 0, (int) SHAPE.get(0));
    Denoiser standIn = (input, conditioning, extra) -> input.mul(0.5f);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray start = Generation.priorSample(manager, SHAPE, DataType.FLOAT32, grid, noise);
      double networkMs = networkCost(manager, standIn, start);
      System.out.printf(
          Locale.ROOT,
          "batch %s float32, %d steps, %d cores, OMP_WAIT_POLICY=%s; stand-in network %.3f"
              + " ms/call%n",
          SHAPE,
          STEPS,
          Runtime.getRuntime().availableProcessors(),
          System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"),
          networkMs);
      System.out.printf(
          Locale.ROOT,
          "%-16s %6s %14s %18s%n",
          "sampler",
          "NFE",
          "total ms/step",
          "overhead ms/step");
      for (String name : args.length > 0 ? Arrays.asList(args) : Samplers.names()) {
        Sampler sampler = Samplers.byName(name);
        int[] calls = {0};
        Denoiser counting =
            (input, conditioning, extra) -> {
              calls[0]++;
              return standIn.forward(input, conditioning, extra);
            };
        X0Predictor model = SamplingModel.builder(counting, spec).build();
        double[] perStep = new double[RUNS];
        for (int run = -WARMUP; run < RUNS; run++) {
          calls[0] = 0;
          long begin = System.nanoTime();
          sampler.sample(model, start, grid, noise).close();
          double ms = (System.nanoTime() - begin) / 1e6 / STEPS;
          if (run >= 0) {
            perStep[run] = ms;
          }
        }
        Arrays.sort(perStep);
        double median = perStep[RUNS / 2];
        double evaluationsPerStep = (double) calls[0] / STEPS;
        System.out.printf(
            Locale.ROOT,
            "%-16s %6d %14.3f %18.3f%n",
            name,
            calls[0],
            median,
            median - evaluationsPerStep * networkMs);
      }
      System.out.printf(
          Locale.ROOT, "one per-sample seeded noise draw: %.3f ms%n", noiseCost(manager, noise));
    }
  }

  /** Median cost of one stand-in network call, including its result's release. */
  private static double networkCost(NDManager manager, Denoiser network, NDArray x) {
    NDArray noise = manager.zeros(new Shape(SHAPE.get(0)));
    double[] samples = new double[RUNS];
    for (int run = -WARMUP; run < RUNS; run++) {
      long begin = System.nanoTime();
      for (int i = 0; i < STEPS; i++) {
        network.forward(x, noise, null).close();
      }
      if (run >= 0) {
        samples[run] = (System.nanoTime() - begin) / 1e6 / STEPS;
      }
    }
    Arrays.sort(samples);
    return samples[RUNS / 2];
  }

  /** Median cost of one per-sample seeded noise draw of the batch shape. */
  private static double noiseCost(NDManager manager, NoiseSource noise) {
    double[] samples = new double[RUNS];
    for (int run = -WARMUP; run < RUNS; run++) {
      long begin = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        noise.gaussian(manager, SHAPE, DataType.FLOAT32, i).close();
      }
      if (run >= 0) {
        samples[run] = (System.nanoTime() - begin) / 1e6 / 10;
      }
    }
    Arrays.sort(samples);
    return samples[RUNS / 2];
  }
}
