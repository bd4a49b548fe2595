package dev.beamdiff.pipelines.generate;

import dev.beamdiff.cli.BeamDiff;
import dev.beamdiff.cli.CheckpointLocation;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ImageGenerator;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Throughput of {@code beamdiff generate} with fmnist-small (28×28, 1.8M parameters; trained for
 * one step, as speed does not depend on the weights), heun, 18 steps (35 network calls), no
 * guidance: {@link ImageGenerator} alone on the calling thread, then the pipeline on the
 * DirectRunner with 1 and 2 worker threads.
 *
 * <pre>
 *   tools/benchmarks/run-java-benchmark.sh pipelines \
 *     dev.beamdiff.pipelines.generate.GenerateBenchmark [images] [batch size]
 * </pre>
 */
public final class GenerateBenchmark {
  private GenerateBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Path dir = Files.createTempDirectory("beamdiff-generate-bench");
    int exit =
        BeamDiff.commandLine()
            .execute(
                "train",
                "--data",
                "fashion-mnist",
                "--steps",
                "1",
                "--batch",
                "4",
                "--out",
                dir.resolve("run").toString(),
                "--sample-every",
                "0",
                "--sample-count",
                "10",
                "--sample-steps",
                "1",
                "--sampler",
                "euler");
    if (exit != 0) {
      throw new IllegalStateException("training the benchmark checkpoint failed");
    }
    System.out.printf(
        "fmnist-small, heun 18 steps, %d images in batches of %d; load average %.1f on %d cores%n",
        n, batch, load(), Runtime.getRuntime().availableProcessors());

    CheckpointLocation.Loaded loaded = CheckpointLocation.load(dir.resolve("run").toString());
    try (DiffusionModel model = DiffusionModel.fromCheckpoint(loaded.checkpoint(), true, "bench")) {
      ImageGenerator generator = new ImageGenerator(model);
      generator.generate(new GenerationRequest("heun", 18, null, batch, null, 1, 0, 0, batch));
      long start = System.nanoTime();
      generator.generate(new GenerationRequest("heun", 18, null, n, null, 1, 0, 0, batch));
      report("ImageGenerator, 1 thread", n, start);
    }
    for (int threads : new int[] {1, 2}) {
      GenerateOptions options = PipelineOptionsFactory.as(GenerateOptions.class);
      options.setCheckpoint(dir.resolve("run").toString());
      options.setN(n);
      options.setBatchSize(batch);
      options.setOutput(dir.resolve("out-" + threads).toString());
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setTargetParallelism(threads);
      direct.setEnforceEncodability(false);
      direct.setEnforceImmutability(false);
      long start = System.nanoTime();
      GenerationReport report = GeneratePipeline.start(options).finish();
      report("pipeline, DirectRunner " + threads + " thread(s)", (int) report.written, start);
    }
    System.out.printf("load average at the end %.1f%n", load());
  }

  private static void report(String what, int images, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%-36s %5d images in %6.1f s = %6.2f images/s%n", what, images, seconds, images / seconds);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
