package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.KarrasSpacing;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chapter 4: samplers are ODE integrators. On Gaussian data the probability-flow ODE {@code dx̃/dσ̃
 * = (x̃ − D(x̃; σ̃))/σ̃} (Karras et al. 2022, arXiv:2206.00364, Eq. 1 and 3) has an exact solution
 * ({@link GaussianProblem}), so the global error of Euler, Heun (EDM Alg. 1), classical RK4 and
 * DPM-Solver++(2M) (Lu et al. 2022, arXiv:2211.01095, Alg. 2) can be measured against the number of
 * steps N; its slope on a log-log plot is the method's order p, {@code error ∝ N^−p}.
 */
public final class Chapter4Solvers implements TutorialChapter {
  /** The solvers compared, by their command-line names. */
  static final List<String> SOLVERS = List.of("euler", "heun", "rk4", "dpmpp-2m");

  private static final double SIGMA_START = 10;
  private static final double SIGMA_END = 0.05;
  private static final double DATA_STD = 0.5;
  private static final int POINTS = 1000;

  /** Relative errors below this are float64 round-off, not truncation error. */
  private static final double ROUND_OFF = 1e-12;

  /** Deterministic samplers draw no noise. */
  private static final NoiseSource NO_NOISE =
      (manager, shape, type, stream) -> {
        throw new IllegalStateException("a deterministic sampler asked for noise");
      };

  @Override
  public int number() {
    return 4;
  }

  @Override
  public String title() {
    return "Solvers as ODE integrators";
  }

  @Override
  public String markdown() {
    return "04-solvers.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    int[] steps = fast ? new int[] {4, 8, 16, 32, 64} : new int[] {2, 4, 8, 16, 32, 64, 128, 256};
    GaussianProblem problem = new GaussianProblem(DATA_STD);
    LineChart bySteps = new LineChart("Global error vs steps", "steps N", "relative error");
    LineChart byNfe = new LineChart("Global error vs network evaluations", "NFE", "relative error");
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray start = startingPoints(manager);
      NDArray exact = problem.exactFlow(start, SIGMA_START, SIGMA_END);
      for (String name : SOLVERS) {
        double[] errors = new double[steps.length];
        double[] nfes = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
          int n = steps[k];
          X0Predictor ideal = problem.denoiser();
          // tutorial:begin solve
          NoiseSchedule edm = new EdmSchedule(); // σ̃ = t: the plain variance-exploding frame
          SamplingGrid grid =
              SamplingGrid.ofLevels(
                  edm, new KarrasSpacing(7, SIGMA_END, SIGMA_START).levels(edm, n + 1));
          AtomicInteger calls = new AtomicInteger(); // counts network evaluations (NFE)
          X0Predictor counted =
              (x, sigma) -> {
                calls.incrementAndGet();
                return ideal.predictX0(x, sigma);
              };
          NDArray solution = Samplers.byName(name).sample(counted, start, grid, NO_NOISE);
          double error = GaussianProblem.relativeError(solution, exact);
          // tutorial:end solve
          solution.close();
          errors[k] = error;
          nfes[k] = calls.get();
        }
        bySteps.series(name, toDoubles(steps), errors);
        byNfe.series(name, nfes, errors);
        results.measure("order." + name, order(steps, errors));
        results.measure("nfe-per-step." + name, nfes[0] / steps[0]);
        results.measure("error." + name + ".N=16", errors[indexOf(steps, 16)]);
      }
      finalJump(problem, start, steps, bySteps, results);
      ddimIsEuler(problem, start, results);
    }
    bySteps
        .logAxes(true, true)
        .markers(true)
        .write(results.figure("04-error-vs-steps.png"), 800, 560);
    byNfe.logAxes(true, true).markers(true).write(results.figure("04-error-vs-nfe.png"), 800, 560);
    return results.result();
  }

  /** {@code x̃} at {@code σ̃ = 10}: draws of {@code N(0, s² + σ̃²)}, in float64. */
  private static NDArray startingPoints(NDManager manager) {
    NDArray z =
        SeededNoise.forIndices(2024, 0, POINTS)
            .gaussian(manager, new Shape(POINTS), DataType.FLOAT64, NoiseSource.INITIAL);
    return z.mul(Math.sqrt(DATA_STD * DATA_STD + SIGMA_START * SIGMA_START));
  }

  /**
   * The order p from the finest pair of step counts whose errors are still above round-off: {@code
   * p = log(e_N / e_2N) / log 2}.
   */
  static double order(int[] steps, double[] errors) {
    for (int k = steps.length - 1; k > 0; k--) {
      if (errors[k] > ROUND_OFF) {
        return Math.log(errors[k - 1] / errors[k]) / Math.log((double) steps[k] / steps[k - 1]);
      }
    }
    return Double.NaN;
  }

  /**
   * Heun on grids that end with the usual final jump to σ̃ = 0 ({@code x' = D(x; σ̃_{N−1})}): the
   * first-order jump from σ̃ = 0.05 leaves an error no number of steps removes.
   */
  private static void finalJump(
      GaussianProblem problem,
      NDArray start,
      int[] steps,
      LineChart chart,
      ChapterResults results) {
    NoiseSchedule edm = new EdmSchedule();
    NDArray exact = problem.exactFlow(start, SIGMA_START, 0);
    double[] errors = new double[steps.length];
    for (int k = 0; k < steps.length; k++) {
      SamplingGrid grid =
          SamplingGrid.of(edm, new KarrasSpacing(7, SIGMA_END, SIGMA_START), steps[k]);
      try (NDArray solution =
          Samplers.byName("heun").sample(problem.denoiser(), start, grid, NO_NOISE)) {
        errors[k] = GaussianProblem.relativeError(solution, exact);
      }
    }
    chart.series("heun, then jump to σ̃ = 0", toDoubles(steps), errors);
    results.measure(
        "final-jump.heun.error.N=" + steps[steps.length - 1], errors[errors.length - 1]);
  }

  /** DDIM (η = 0) and Euler take the same steps: their results agree to round-off. */
  private static void ddimIsEuler(GaussianProblem problem, NDArray start, ChapterResults results) {
    NoiseSchedule edm = new EdmSchedule();
    SamplingGrid grid =
        SamplingGrid.ofLevels(edm, new KarrasSpacing(7, SIGMA_END, SIGMA_START).levels(edm, 17));
    try (NDArray ddim = Samplers.byName("ddim").sample(problem.denoiser(), start, grid, NO_NOISE);
        NDArray euler =
            Samplers.byName("euler").sample(problem.denoiser(), start, grid, NO_NOISE)) {
      results.measure("max|ddim−euler|", GaussianProblem.relativeError(ddim, euler));
    }
  }

  private static double[] toDoubles(int[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    throw new IllegalArgumentException("no " + value + " in the step counts");
  }
}
