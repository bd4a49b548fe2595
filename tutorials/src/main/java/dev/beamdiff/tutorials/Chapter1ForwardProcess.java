package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.prediction.EpsilonPrediction;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedules;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.diffusion.training.TrainingBatch;
import dev.beamdiff.diffusion.training.TrainingObjective;
import dev.beamdiff.viz.ImageGrid;
import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 1: the forward process {@code x_t = α(t)·x0 + σ(t)·ε} (Ho et al. 2020, arXiv:2006.11239,
 * Eq. 4) along three schedules — DDPM's linear β, the cosine schedule of Nichol & Dhariwal 2021
 * (arXiv:2102.09672, Eq. 17) and the variance-exploding ρ-ramp of Karras et al. 2022
 * (arXiv:2206.00364, Eq. 5). Plots α, σ and log-SNR against normalised time and noises one
 * Fashion-MNIST image along each schedule.
 */
public final class Chapter1ForwardProcess implements TutorialChapter {
  private static final int IMAGE = 0; // the first test image: an ankle boot

  @Override
  public int number() {
    return 1;
  }

  @Override
  public String title() {
    return "The forward process and noise schedules";
  }

  @Override
  public String markdown() {
    return "01-forward-process.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    // tutorial:begin schedules
    List<NoiseSchedule> schedules =
        List.of(
            NoiseSchedules.byName("linear"), // DDPM: β_t from 1e-4 to 0.02 over T = 1000 steps
            NoiseSchedules.byName("cosine"), // ᾱ(t) = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s)·π/2)
            NoiseSchedules.byName("karras")); // variance exploding: α = 1, σ from 0.002 to 80
    // tutorial:end schedules
    plotCurves(schedules, fast ? 101 : 1001, results);
    noiseAnImage(schedules, 8, results);
    return results.result();
  }

  private static void plotCurves(List<NoiseSchedule> schedules, int points, ChapterResults out) {
    LineChart rates = new LineChart("Signal and noise rates", "t / T", "rate");
    LineChart logSnrs = new LineChart("log-SNR = 2·ln(α/σ)", "t / T", "log-SNR");
    for (NoiseSchedule schedule : schedules) {
      // tutorial:begin curves
      double[] u = new double[points];
      double[] alpha = new double[points];
      double[] sigma = new double[points];
      double[] logSnr = new double[points];
      for (int i = 0; i < points; i++) {
        u[i] = (double) i / (points - 1); // normalised time t/T ∈ [0, 1]
        double t = schedule.minTime() + u[i] * (schedule.maxTime() - schedule.minTime());
        NoiseLevel level = schedule.level(t);
        alpha[i] = level.alpha();
        sigma[i] = level.sigma();
        logSnr[i] = level.logSnr();
      }
      // tutorial:end curves
      String name = schedule.name();
      logSnrs.series(name, u, logSnr);
      out.measure(name + ".log-snr.start", logSnr[0]);
      out.measure(name + ".log-snr.end", logSnr[points - 1]);
      if (alpha[points - 1] < 1) { // variance preserving: plot the rates, check α² + σ² = 1
        rates.series(name + " α", u, alpha).series(name + " σ", u, sigma);
        double worst = 0;
        for (int i = 0; i < points; i++) {
          worst = Math.max(worst, Math.abs(alpha[i] * alpha[i] + sigma[i] * sigma[i] - 1));
        }
        out.measure(name + ".max|α²+σ²−1|", worst);
        out.measure(name + ".alpha-bar.end", alpha[points - 1] * alpha[points - 1]);
      } else {
        out.measure(name + ".sigma.end", sigma[points - 1]);
      }
    }
    rates.write(out.figure("01-alpha-sigma.png"), 800, 480);
    logSnrs.write(out.figure("01-log-snr.png"), 800, 480);
  }

  private static void noiseAnImage(List<NoiseSchedule> schedules, int columns, ChapterResults out) {
    float[] image = FashionMnist.images(FashionMnist.test(), IMAGE);
    int size = image.length;
    float[] strip = new float[schedules.size() * columns * size];
    try (NDManager manager = NDManager.newBaseManager()) {
      // tutorial:begin noising
      Shape shape = new Shape(columns, 1, FashionMnist.SIZE, FashionMnist.SIZE);
      NDArray x0 = manager.create(repeat(image, columns), shape); // one image per column
      long[] seeds = new long[columns];
      Arrays.fill(seeds, 42); // the same seed in every column: the same ε everywhere
      NDArray eps =
          SeededNoise.of(seeds).gaussian(manager, shape, DataType.FLOAT32, NoiseSource.INITIAL);
      for (int row = 0; row < schedules.size(); row++) {
        NoiseSchedule schedule = schedules.get(row);
        double[] times = new double[columns];
        for (int c = 0; c < columns; c++) {
          double u = (double) c / (columns - 1);
          times[c] = schedule.minTime() + u * (schedule.maxTime() - schedule.minTime());
        }
        TrainingObjective objective =
            new TrainingObjective(DiffusionSpec.of(schedule, new EpsilonPrediction()));
        try (TrainingBatch batch = objective.prepare(x0, eps, times)) {
          // batch.noisy() is x_t = α·x0 + σ·ε; the network sees c_in·x_t = x_t/√(α² + σ²)
          float[] row0 = batch.networkInput().toFloatArray();
          System.arraycopy(row0, 0, strip, row * columns * size, columns * size);
        }
      }
      // tutorial:end noising
    }
    for (int row = 0; row < schedules.size(); row++) {
      String name = schedules.get(row).name();
      int first = row * columns * size;
      int last = first + (columns - 1) * size;
      out.measure(name + ".correlation.first", correlation(image, strip, first));
      out.measure(name + ".correlation.last", correlation(image, strip, last));
    }
    new ImageGrid(columns, 2, 3)
        .write(
            out.figure("01-noising.png"),
            strip,
            schedules.size() * columns,
            1,
            FashionMnist.SIZE,
            FashionMnist.SIZE);
  }

  private static float[] repeat(float[] image, int times) {
    float[] out = new float[image.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(image, 0, out, i * image.length, image.length);
    }
    return out;
  }

  /** Pearson correlation between {@code a} and the same-length block of {@code b} at offset. */
  private static double correlation(float[] a, float[] b, int offset) {
    int n = a.length;
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < n; i++) {
      meanA += a[i];
      meanB += b[offset + i];
    }
    meanA /= n;
    meanB /= n;
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      double da = a[i] - meanA;
      double db = b[offset + i] - meanB;
      ab += da * db;
      aa += da * da;
      bb += db * db;
    }
    return ab / Math.sqrt(aa * bb);
  }
}
