package dev.beamdiff.train;

import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.InMemoryImageDataset;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Native-memory check of the training loop (a harness, not a test): trains for N steps and reads
 * the process's resident set size (VmRSS in /proc/self/status) and the committed Java heap every
 * 100 steps. A per-step leak of native NDArrays shows as RSS minus heap growing linearly with the
 * step. Run it with a fixed heap ({@code -Xms256m -Xmx256m}) so heap growth does not blur the
 * picture.
 *
 * <pre>
 *   java -cp "$(cat /tmp/cp.txt):model/target/classes:model/target/test-classes" \
 *     dev.beamdiff.train.TrainingMemoryBenchmark tiny 2000 4
 *   … TrainingMemoryBenchmark fmnist-small 1000 16
 * </pre>
 */
public final class TrainingMemoryBenchmark {
  private TrainingMemoryBenchmark() {}

  public static void main(String[] args) throws IOException {
    String network = args.length > 0 ? args[0] : "tiny";
    long steps = args.length > 1 ? Long.parseLong(args[1]) : 1000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    TrainConfig config;
    DiffusionDataset data;
    if (network.equals("tiny")) {
      data = TinyRun.dataset();
      TrainConfig tiny = TinyRun.config(steps, steps / 4);
      config =
          new TrainConfig(
              tiny.model(),
              tiny.data(),
              batch,
              steps,
              1,
              tiny.optimizer(),
              tiny.ema(),
              0.1,
              steps / 4,
              2,
              new TrainConfig.SampleConfig(steps / 2, 4, "euler", 4, 1.5));
    } else {
      data =
          new InMemoryImageDataset(
              DatasetLocator.defaults()
                  .load(IdxDatasetSpec.FASHION_MNIST, Optional.empty())
                  .train());
      TrainConfig tiny = TinyRun.config(steps, steps / 4);
      UNetConfig unet = UNetConfig.named(network).withNumClasses(data.numClasses());
      config =
          new TrainConfig(
              ModelSpec.of(network, unet, DiffusionSpec.parse("edm", null, null)),
              new TrainConfig.DataConfig(
                  "fashion-mnist", "benchmark", data.size(), data.classNames(), true),
              batch,
              steps,
              1,
              tiny.optimizer(),
              tiny.ema(),
              0.1,
              steps / 4,
              2,
              new TrainConfig.SampleConfig(steps / 2, 10, "euler", 4, 1.5));
    }
    Path out = Files.createTempDirectory("beamdiff-rss");
    List<long[]> samples = new ArrayList<>();
    TrainingListener rss =
        new TrainingListener() {
          @Override
          public void onStep(StepMetrics m) {
            if (m.step() % 100 == 0) {
              samples.add(new long[] {m.step(), residentKiB(), committedHeapKiB()});
              System.out.printf(
                  "step %5d  RSS %7.1f MiB  heap %6.1f MiB  loss %.4f  %.1f img/s%n",
                  m.step(),
                  residentKiB() / 1024.0,
                  committedHeapKiB() / 1024.0,
                  m.loss(),
                  m.imagesPerSecond());
            }
          }
        };
    long before = residentKiB();
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(config, data, new LocalCheckpointStore(out.resolve("ckpt")), out)) {
      System.out.printf(
          "%s, %,d parameters, batch %d, %d steps; RSS before training %.1f MiB%n",
          network, trainer.parameterCount(), batch, steps, before / 1024.0);
      trainer.run(rss);
    }
    if (samples.size() >= 3) {
      long[] second = samples.get(1);
      long[] last = samples.get(samples.size() - 1);
      double span = last[0] - second[0];
      System.out.printf(
          "from step %d to %d: RSS %+.1f MiB (%+.2f KiB/step), RSS − heap %+.1f MiB (%+.2f"
              + " KiB/step)%n",
          second[0],
          last[0],
          (last[1] - second[1]) / 1024.0,
          (last[1] - second[1]) / span,
          (last[1] - last[2] - second[1] + second[2]) / 1024.0,
          (last[1] - last[2] - second[1] + second[2]) / span);
    }
  }

  private static long residentKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status (Linux only)", e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static long committedHeapKiB() {
    return Runtime.getRuntime().totalMemory() / 1024;
  }
}
