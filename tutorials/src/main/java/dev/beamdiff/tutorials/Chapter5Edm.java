package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.prediction.EdmPreconditioning;
import dev.beamdiff.diffusion.prediction.Preconditioning;
import dev.beamdiff.diffusion.sampling.EdmSampler;
import dev.beamdiff.diffusion.sampling.Generation;
import dev.beamdiff.diffusion.sampling.KarrasSpacing;
import dev.beamdiff.diffusion.sampling.Sampler;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import dev.beamdiff.diffusion.schedule.KarrasVeSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Chapter 5: the design choices of Karras et al. 2022 (EDM, arXiv:2206.00364): the preconditioning
 * {@code c_skip, c_out, c_in, c_noise} (§5, Table 1, App. B.6) that keeps the network's input and
 * training target at unit variance, the log-normal training distribution of σ (Table 1, §5 and Fig.
 * 5a), and Heun's method with churn (Alg. 2), whose fresh noise corrects errors made earlier in
 * sampling (§4).
 */
public final class Chapter5Edm implements TutorialChapter {
  private static final double SIGMA_MIN = 0.002;
  private static final double SIGMA_MAX = 80;
  private static final double SIGMA_DATA = EdmPreconditioning.DEFAULT_SIGMA_DATA;

  @Override
  public int number() {
    return 5;
  }

  @Override
  public String title() {
    return "EDM: preconditioning, training noise levels, Heun with churn";
  }

  @Override
  public String markdown() {
    return "05-edm.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    plotPreconditioning(results);
    try (NDManager manager = NDManager.newBaseManager()) {
      checkUnitVariance(manager, fast ? 64 : 512, results);
      plotTrainingSigmas(fast ? 20_000 : 400_000, results);
      churn(manager, fast ? 2_000 : 20_000, fast, results);
    }
    return results.result();
  }

  /** The four coefficients against σ (EDM Table 1, "Network and preconditioning"). */
  private static void plotPreconditioning(ChapterResults results) {
    int points = 241;
    double[] sigma = logSpaced(SIGMA_MIN, SIGMA_MAX, points);
    double[] cSkip = new double[points];
    double[] cOut = new double[points];
    double[] cIn = new double[points];
    double[] cNoise = new double[points];
    // tutorial:begin preconditioning
    EdmSchedule schedule = new EdmSchedule(); // σ(t) = t, α = 1
    EdmPreconditioning edm = new EdmPreconditioning(); // σ_data = 0.5
    for (int i = 0; i < points; i++) {
      NoiseLevel level = schedule.level(sigma[i]);
      Preconditioning c = edm.coefficients(level);
      cSkip[i] = c.skip(); // σ_d²/(σ² + σ_d²)
      cOut[i] = c.out(); // σ·σ_d/√(σ² + σ_d²)
      cIn[i] = c.inputScale(); // 1/√(σ² + σ_d²)
      cNoise[i] = schedule.noiseConditioning(level); // ¼·ln σ
    }
    // tutorial:end preconditioning
    NoiseLevel atSigmaData = schedule.level(SIGMA_DATA);
    Preconditioning c = edm.coefficients(atSigmaData);
    results.measure("c_skip(σ=σ_data)", c.skip());
    results.measure("c_out(σ=σ_data)", c.out());
    results.measure("c_in(σ=σ_data)", c.inputScale());
    results.measure("c_noise(σ=1)", schedule.noiseConditioning(schedule.level(1)));
    new LineChart("EDM preconditioning (σ_data = 0.5)", "σ", "coefficient")
        .series("c_skip", sigma, cSkip)
        .series("c_out", sigma, cOut)
        .series("c_in", sigma, cIn)
        .series("c_noise", sigma, cNoise)
        .logAxes(true, false)
        .write(results.figure("05-preconditioning.png"), 800, 480);
  }

  /**
   * Standard deviation of the network input {@code c_in·x̃} and of the training target {@code (x0 −
   * c_skip·x̃)/c_out} across σ, for data with std σ_data and for Fashion-MNIST.
   */
  private static void checkUnitVariance(NDManager manager, int images, ChapterResults results) {
    DiffusionDataset fmnist = FashionMnist.train();
    int[] indices = new int[images];
    for (int i = 0; i < images; i++) {
      indices[i] = i;
    }
    Shape shape = new Shape(images, 1, FashionMnist.SIZE, FashionMnist.SIZE);
    NDArray real = manager.create(FashionMnist.images(fmnist, indices), shape);
    NDArray eps = noise(manager, shape, 11);
    NDArray gaussian = noise(manager, shape, 12).mul(SIGMA_DATA);
    results.measure(
        "fashion-mnist.pixel-std", GaussianProblem.std(real.toType(DataType.FLOAT64, false)));
    double[] sigma = logSpaced(SIGMA_MIN, SIGMA_MAX, 25);
    double[][] stds = new double[4][sigma.length];
    EdmSchedule schedule = new EdmSchedule();
    EdmPreconditioning edm = new EdmPreconditioning();
    double worstGaussian = 0;
    for (int i = 0; i < sigma.length; i++) {
      NoiseLevel level = schedule.level(sigma[i]);
      NDArray[] data = {gaussian, real};
      for (int d = 0; d < 2; d++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray x0 = data[d];
          scope.tempAttachAll(x0, eps); // intermediate results land in (and die with) scope
          NDArray input = edm.scaleInput(x0.add(eps.mul(sigma[i])), level); // c_in·x̃
          NDArray target = edm.target(x0, eps, level); // what F must output
          stds[2 * d][i] = GaussianProblem.std(input.toType(DataType.FLOAT64, false));
          stds[2 * d + 1][i] = GaussianProblem.std(target.toType(DataType.FLOAT64, false));
        }
      }
      worstGaussian =
          Math.max(worstGaussian, Math.max(Math.abs(stds[0][i] - 1), Math.abs(stds[1][i] - 1)));
    }
    results.measure("gaussian(σ_data).max|std−1|", worstGaussian);
    results.measure("fashion-mnist.target-std(σ=80)", stds[3][sigma.length - 1]);
    new LineChart("Unit variance by design: std of network input and target", "σ", "std")
        .series("input c_in·x̃, data N(0, 0.5²)", sigma, stds[0])
        .series("target, data N(0, 0.5²)", sigma, stds[1])
        .series("input c_in·x̃, Fashion-MNIST", sigma, stds[2])
        .series("target, Fashion-MNIST", sigma, stds[3])
        .logAxes(true, false)
        .markers(true)
        .write(results.figure("05-unit-variance.png"), 800, 480);
  }

  /** Where training puts its noise levels: EDM's log-normal vs the Karras ramp's uniform t. */
  private static void plotTrainingSigmas(int draws, ChapterResults results) {
    // tutorial:begin lognormal
    RandomGenerator random = new SplittableRandom(7);
    NoiseSchedule edm = new EdmSchedule(); // ln σ ~ N(P_mean = −1.2, P_std = 1.2²)
    NoiseSchedule karras = new KarrasVeSchedule(); // t ~ U(0, 1) along the ρ = 7 ramp
    double[] edmLogSigma = new double[draws];
    double[] karrasLogSigma = new double[draws];
    for (int i = 0; i < draws; i++) {
      edmLogSigma[i] = Math.log(edm.veSigma(edm.sampleTrainingTime(random)));
      karrasLogSigma[i] = Math.log(karras.veSigma(karras.sampleTrainingTime(random)));
    }
    // tutorial:end lognormal
    double lo = Math.log(SIGMA_MIN) - 1;
    double hi = Math.log(SIGMA_MAX) + 1;
    int bins = 60;
    double[] centers = new double[bins];
    double[] pdf = new double[bins];
    for (int b = 0; b < bins; b++) {
      double lnSigma = lo + (b + 0.5) * (hi - lo) / bins;
      centers[b] = Math.exp(lnSigma);
      double z = (lnSigma + 1.2) / 1.2;
      pdf[b] = Math.exp(-0.5 * z * z) / (1.2 * Math.sqrt(2 * Math.PI));
    }
    results.measure("edm.mean(ln σ)", SampleStatistics.mean(edmLogSigma));
    results.measure("edm.std(ln σ)", SampleStatistics.std(edmLogSigma));
    results.measure("edm.fraction(σ>10)", fraction(edmLogSigma, Math.log(10)));
    results.measure("karras.fraction(σ>10)", fraction(karrasLogSigma, Math.log(10)));
    new LineChart("Training noise levels: density of ln σ", "σ", "density per unit of ln σ")
        .series("edm: ln σ ~ N(−1.2, 1.2²), drawn", centers, histogram(edmLogSigma, lo, hi, bins))
        .series("edm: normal density", centers, pdf)
        .series("karras: t ~ U(0, 1), drawn", centers, histogram(karrasLogSigma, lo, hi, bins))
        .logAxes(true, false)
        .write(results.figure("05-training-sigmas.png"), 800, 480);
  }

  /**
   * EDM Alg. 2 on Gaussian data from a deliberately wrong start ({@code x̃_T} scaled by 0.8 or
   * 1.2), with 18 and 64 steps: the deterministic sampler keeps the start's error; churn forgets
   * it, but adds discretization error of its own, which only more steps remove.
   */
  private static void churn(NDManager manager, int points, boolean fast, ChapterResults results) {
    GaussianProblem problem = new GaussianProblem(SIGMA_DATA);
    double[] churns = fast ? new double[] {0, 10, 40} : new double[] {0, 2, 5, 10, 20, 40, 80};
    LineChart chart =
        new LineChart("Heun with churn: std of the samples / true std", "S_churn", "std ratio");
    for (int steps : new int[] {18, 64}) {
      for (double startScale : new double[] {0.8, 1.2}) {
        double[] ratios = new double[churns.length];
        for (int k = 0; k < churns.length; k++) {
          double sChurn = churns[k];
          try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(points);
            SeededNoise noise = SeededNoise.forIndices(5, 0, points);
            AtomicInteger calls = new AtomicInteger();
            X0Predictor ideal = problem.denoiser();
            X0Predictor counted =
                (x, sigma) -> {
                  calls.incrementAndGet();
                  return ideal.predictX0(x, sigma);
                };
            // tutorial:begin churn
            SamplingGrid grid = SamplingGrid.of(new EdmSchedule(), new KarrasSpacing(), steps);
            EdmSampler.Churn churn = new EdmSampler.Churn(sChurn, 0.05, 50, 1.003);
            Sampler heun = Samplers.byName("heun", Samplers.Options.defaults().withChurn(churn));
            NDArray start =
                Generation.priorSample(scope, shape, DataType.FLOAT64, grid, noise)
                    .mul(startScale); // a deliberately wrong start: std off by startScale
            NDArray samples = heun.sample(counted, start, grid, noise);
            // tutorial:end churn
            ratios[k] = GaussianProblem.std(samples) / SIGMA_DATA;
            if (sChurn == 0 && steps == 18 && startScale == 0.8) {
              results.measure("heun.nfe(18 steps)", calls.get());
            }
          }
          results.measure(
              String.format(
                  Locale.ROOT,
                  "std-ratio(N=%d, start×%.1f, S_churn=%.0f)",
                  steps,
                  startScale,
                  sChurn),
              ratios[k]);
        }
        chart.series(
            String.format(Locale.ROOT, "%d steps, start ×%.1f", steps, startScale), churns, ratios);
      }
    }
    chart.markers(true).write(results.figure("05-churn.png"), 800, 480);
  }

  private static NDArray noise(NDManager manager, Shape shape, long seed) {
    int batch = (int) shape.get(0);
    return SeededNoise.forIndices(seed, 0, batch)
        .gaussian(manager, shape, DataType.FLOAT32, NoiseSource.INITIAL);
  }

  private static double[] logSpaced(double from, double to, int points) {
    double[] out = new double[points];
    for (int i = 0; i < points; i++) {
      out[i] = Math.exp(Math.log(from) + i * (Math.log(to) - Math.log(from)) / (points - 1));
    }
    return out;
  }

  private static double[] histogram(double[] values, double lo, double hi, int bins) {
    double width = (hi - lo) / bins;
    double[] density = new double[bins];
    for (double v : values) {
      int b = (int) Math.floor((v - lo) / width);
      if (b >= 0 && b < bins) {
        density[b] += 1.0 / (values.length * width);
      }
    }
    return density;
  }

  private static double fraction(double[] values, double threshold) {
    int count = 0;
    for (double v : values) {
      if (v > threshold) {
        count++;
      }
    }
    return (double) count / values.length;
  }
}
