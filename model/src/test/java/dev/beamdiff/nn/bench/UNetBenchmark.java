package dev.beamdiff.nn.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.sun.management.OperatingSystemMXBean;
import dev.beamdiff.nn.BlockParameters;
import dev.beamdiff.nn.GradientClipping;
import dev.beamdiff.nn.unet.UNet;
import dev.beamdiff.nn.unet.UNetConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the UNet on DJL: the training step and the sampling forward pass, in images per
 * second, printed as JSON lines comparable with {@code tools/benchmarks/unet_bench.py} (PyTorch
 * eager, same network and steps). Not a test: run it through {@code
 * tools/benchmarks/run_unet_bench.sh}.
 *
 * <ul>
 *   <li>train: x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε with t ~ U{0..999} (DDPM linear β), forward in training
 *       mode (dropout on), ε-MSE loss, backward, global-norm clipping at 1, AdamW (lr 2e-4, weight
 *       decay 0.01) through DJL's Trainer;
 *   <li>sample: one forward pass in inference mode.
 * </ul>
 *
 * <p>Arguments: {@code [--config fmnist-small] [--batch 64] [--warmup 3] [--steps 10] [--repeats 3]
 * [--mode train|sample|both]}. Threads come from {@code -Dai.djl.pytorch.num_threads} and {@code
 * -Dai.djl.pytorch.num_interop_threads} (default here: 2 and 1). Data are synthetic (uniform in
 * [−1, 1]); loading is not measured.
 */
public final class UNetBenchmark {
  private UNetBenchmark() {}

  public static void main(String[] args) {
    String configName = "fmnist-small";
    int batch = 64;
    int warmup = 3;
    int steps = 10;
    int repeats = 3;
    String mode = "both";
    String profile = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--config" -> configName = args[i + 1];
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--mode" -> mode = args[i + 1];
        case "--profile" -> profile = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty(
        "ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "2"));
    System.setProperty(
        "ai.djl.pytorch.num_interop_threads",
        System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    UNetConfig config = UNetConfig.named(configName);
    Engine.getInstance().setRandomSeed(0);
    try (Model model = Model.newInstance("unet-benchmark")) {
      model.setBlock(new UNet(config));
      Optimizer adamW =
          Optimizer.adamW()
              .optLearningRateTracker(Tracker.fixed(2e-4f))
              .optWeightDecays(0.01f)
              .build();
      try (Trainer trainer =
          model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adamW))) {
        Shape image = new Shape(batch, config.inChannels(), config.imageSize(), config.imageSize());
        trainer.initialize(image, new Shape(batch), new Shape(batch));
        NDManager data = model.getNDManager().newSubManager();
        Workload workload = new Workload(config, data, image, batch);
        String info =
            String.format(
                Locale.ROOT,
                "\"framework\": \"djl\", \"djl\": \"%s\", \"engine\": \"%s %s\", \"threads\": %s,"
                    + " \"interop\": %s, \"batch\": %d, \"parameters\": %d",
                Engine.getDjlVersion(),
                Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(),
                System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("ai.djl.pytorch.num_interop_threads"),
                batch,
                BlockParameters.count(model.getBlock()));
        if (profile != null) {
          profile(workload, trainer, model, data, mode, warmup, steps, profile);
          return;
        }
        if (!mode.equals("sample")) {
          report(
              info,
              "train",
              batch,
              steps,
              measure(() -> workload.trainStep(trainer), warmup, steps, repeats));
        }
        if (!mode.equals("train")) {
          ParameterStore store = new ParameterStore(data, false);
          report(
              info,
              "sample",
              batch,
              steps,
              measure(() -> workload.sampleStep(model, store), warmup, steps, repeats));
        }
      }
    }
  }

  /** Records libtorch's operator profile of {@code steps} steps as a Chrome trace. */
  private static void profile(
      Workload workload,
      Trainer trainer,
      Model model,
      NDManager data,
      String mode,
      int warmup,
      int steps,
      String file) {
    ParameterStore store = new ParameterStore(data, false);
    Step step =
        mode.equals("sample")
            ? () -> workload.sampleStep(model, store)
            : () -> workload.trainStep(trainer);
    for (int i = 0; i < warmup; i++) {
      step.run();
    }
    JniUtils.startProfile(false, true, false);
    for (int i = 0; i < steps; i++) {
      step.run();
    }
    JniUtils.stopProfile(file);
  }

  /** One benchmark step; returns a scalar whose value forces the step to finish. */
  private interface Step {
    float run();
  }

  /** Wall-clock and process-CPU seconds of each repeat. */
  private record Timing(List<Double> wall, List<Double> cpu) {}

  private static Timing measure(Step step, int warmup, int steps, int repeats) {
    for (int i = 0; i < warmup; i++) {
      step.run();
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      long cpuStart = os.getProcessCpuTime();
      for (int i = 0; i < steps; i++) {
        step.run();
      }
      wall.add((System.nanoTime() - start) / 1e9);
      cpu.add((os.getProcessCpuTime() - cpuStart) / 1e9);
    }
    return new Timing(wall, cpu);
  }

  private static void report(String info, String mode, int batch, int steps, Timing timing) {
    System.out.printf(
        Locale.ROOT,
        "{%s, \"mode\": \"%s\", \"img_per_s_median\": %.3f, \"img_per_s_all\": [%s],"
            + " \"img_per_cpu_s_median\": %.3f, \"steps\": %d}%n",
        info,
        mode,
        median(batch * steps, timing.wall()),
        rates(batch * steps, timing.wall()),
        median(batch * steps, timing.cpu()),
        steps);
  }

  private static double median(int images, List<Double> seconds) {
    List<Double> rates = new ArrayList<>();
    for (double s : seconds) {
      rates.add(images / s);
    }
    Collections.sort(rates);
    return rates.get(rates.size() / 2);
  }

  private static String rates(int images, List<Double> seconds) {
    StringBuilder all = new StringBuilder();
    for (double s : seconds) {
      all.append(all.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.1f", images / s));
    }
    return all.toString();
  }

  /** The synthetic batch and the two measured steps. */
  private static final class Workload {
    private final NDArray x0;
    private final NDArray labels;
    private final NDArray alphaBars;
    private final int batch;

    Workload(UNetConfig config, NDManager data, Shape image, int batch) {
      this.batch = batch;
      x0 = data.randomUniform(-1f, 1f, image);
      labels = data.randomInteger(0, config.numClasses(), new Shape(batch), DataType.INT64);
      double[] bars = new double[1000];
      double product = 1;
      for (int i = 0; i < bars.length; i++) {
        product *= 1 - (1e-4 + (0.02 - 1e-4) * i / 999.0);
        bars[i] = product;
      }
      alphaBars = data.create(bars).toType(DataType.FLOAT32, false);
    }

    float trainStep(Trainer trainer) {
      try (NDManager step = x0.getManager().newSubManager()) {
        x0.tempAttach(step);
        labels.tempAttach(step);
        NDArray t = step.randomInteger(0, 1000, new Shape(batch), DataType.INT64);
        NDArray eps = step.randomNormal(x0.getShape());
        NDArray alphaBar = alphaBars.get(t);
        alphaBar.attach(step);
        NDArray a = alphaBar.reshape(batch, 1, 1, 1);
        NDArray xt = x0.mul(a.sqrt()).add(eps.mul(a.neg().add(1f).sqrt()));
        NDArray loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray prediction =
              trainer.forward(new NDList(xt, t.toType(DataType.FLOAT32, false), labels)).head();
          loss = prediction.sub(eps).square().mean();
          collector.backward(loss);
        }
        GradientClipping.clipByGlobalNorm(trainer.getModel().getBlock(), 1f, step);
        trainer.step();
        return loss.getFloat();
      }
    }

    float sampleStep(Model model, ParameterStore store) {
      try (NDManager step = x0.getManager().newSubManager()) {
        x0.tempAttach(step);
        labels.tempAttach(step);
        NDArray t = step.full(new Shape(batch), 500f);
        NDArray out = model.getBlock().forward(store, new NDList(x0, t, labels), false).head();
        return out.get(0, 0, 0, 0).getFloat();
      }
    }
  }
}
