package dev.beamdiff.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.GaussianData;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.schedule.DiscreteSchedule;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedules;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("slow")
class StochasticSamplerTest {
  private static final GaussianData DATA = new GaussianData(0.5);
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static List<Arguments> stochasticSamplers() {
    return List.of(
        Arguments.of("linear", new DdpmSampler(DdpmSampler.Variance.SMALL), "trailing", 800),
        Arguments.of("linear", new DdpmSampler(DdpmSampler.Variance.LARGE), "trailing", 800),
        Arguments.of("edm", new DdimSampler(1), "karras", 800),
        Arguments.of("edm", Samplers.byName("euler-ancestral"), "karras", 800),
        Arguments.of(
            "edm", new EdmSampler(true, new EdmSampler.Churn(40, 0.05, 50, 1)), "karras", 200),
        Arguments.of("edm", Samplers.byName("dpmpp-2m-sde"), "karras", 200),
        Arguments.of("cosine-continuous", Samplers.byName("dpmpp-2m-sde"), "karras", 200));
  }

  /**
   * Started from the exact marginal {@code N(0, s² + σ̃_T²)} with the ideal denoiser, every
   * stochastic sampler must end with variance s². 16 384 values give a standard error of 1.1%;
   * plugging x̂0 = E[x0 | x_t] into the ancestral step biases the variance low by O(step size)
   * (about 1% at 800 first-order steps), so the tolerance is 5.5% (4 standard errors + bias). A
   * missing or mis-scaled noise term is far outside it (no noise ends with variance ≈ 0).
   */
  @ParameterizedTest(name = "{0} / {1} ({3} steps)")
  @MethodSource("stochasticSamplers")
  void endsWithTheDataVariance(String schedule, Sampler sampler, String spacing, int steps) {
    NoiseSchedule s = NoiseSchedules.byName(schedule);
    SamplingGrid grid = SamplingGrid.of(s, Samplers.spacingByName(spacing), steps);
    NoiseSource noise = SeededNoise.forIndices(42, 0, 4);
    try (NDManager scope = manager.newSubManager()) {
      NDArray z = noise.gaussian(scope, new Shape(4, 1, 64, 64), DataType.FLOAT32, 0);
      NDArray start = z.mul(Math.sqrt(DATA.marginalVariance(grid.veSigma(0))));
      NDArray out = sampler.sample(DATA.idealDenoiser(), start, grid, noise);
      double mean = out.mean().getFloat();
      double variance = out.square().mean().getFloat() - mean * mean;
      assertThat(sampler.isStochastic()).isTrue();
      assertThat(mean).isCloseTo(0, within(0.02));
      assertThat(variance / 0.25).isCloseTo(1, within(0.055));
    }
  }

  /** One DDPM step between consecutive timesteps is Ho et al. 2020, Eq. 6–7, in the VP frame. */
  @Test
  void ddpmStepIsTheForwardPosterior() {
    DiscreteSchedule linear = DiscreteSchedule.linear();
    int t = 600;
    double abT = linear.alphaBar(t);
    double abS = linear.alphaBar(t - 1);
    double beta = linear.beta(t);
    double x0 = 0.3;
    double z = -1.7;
    double xt = 0.9;
    X0Predictor constant = (x, sigma) -> x.zerosLike().add(x0);
    for (DdpmSampler.Variance variance : DdpmSampler.Variance.values()) {
      double mean =
          Math.sqrt(abS) * beta / (1 - abT) * x0 + Math.sqrt(1 - beta) * (1 - abS) / (1 - abT) * xt;
      double var = variance == DdpmSampler.Variance.SMALL ? (1 - abS) / (1 - abT) * beta : beta;
      double expected = mean + Math.sqrt(var) * z;
      double actual = oneStep(new DdpmSampler(variance), constant, linear, t, t - 1, xt, z);
      assertThat(actual).as("%s", variance).isCloseTo(expected, within(1e-12));
    }
  }

  /** One DDIM step is Song et al. 2021, Eq. 12 with σ_t(η) of Eq. 16, in the VP frame. */
  @Test
  void ddimStepIsSongEquationTwelve() {
    DiscreteSchedule cosine = DiscreteSchedule.cosine();
    int t = 700;
    int s = 650;
    double abT = cosine.alphaBar(t);
    double abS = cosine.alphaBar(s);
    double x0 = -0.4;
    double xt = 1.2;
    double z = 0.8;
    X0Predictor constant = (x, sigma) -> x.zerosLike().add(x0);
    for (double eta : new double[] {0, 0.3, 1}) {
      double epsHat = (xt - Math.sqrt(abT) * x0) / Math.sqrt(1 - abT);
      double sigmaEta = eta * Math.sqrt((1 - abS) / (1 - abT) * (1 - abT / abS));
      double expected =
          Math.sqrt(abS) * x0 + Math.sqrt(1 - abS - sigmaEta * sigmaEta) * epsHat + sigmaEta * z;
      assertThat(oneStep(new DdimSampler(eta), constant, cosine, t, s, xt, z))
          .as("η = %s", eta)
          .isCloseTo(expected, within(1e-12));
    }
  }

  /**
   * DDPM with the posterior variance, DDIM with η = 1 and Euler ancestral are one and the same
   * update; deterministic Euler is DDIM with η = 0.
   */
  @Test
  void ancestralSamplersCoincide() {
    NoiseSchedule edm = new EdmSchedule();
    SamplingGrid grid = SamplingGrid.of(edm, new KarrasSpacing(), 12);
    X0Predictor nonlinear = (x, sigma) -> x.tanh().mul(0.5 / (1 + sigma));
    NoiseSource noise = SeededNoise.of(3, 4);
    try (NDManager scope = manager.newSubManager()) {
      NDArray start = scope.create(new double[] {40, -75, 12, 3}, new Shape(2, 2));
      NDArray ddpm = new DdpmSampler().sample(nonlinear, start, grid, noise);
      NDArray ddim = new DdimSampler(1).sample(nonlinear, start, grid, noise);
      NDArray euler = new EdmSampler(false).sample(nonlinear, start, grid, noise);
      NDArray ddim0 = new DdimSampler(0).sample(nonlinear, start, grid, noise);
      assertThat(GaussianData.relativeError(ddim, ddpm)).isLessThan(1e-13);
      assertThat(GaussianData.relativeError(euler, ddim0)).isLessThan(1e-13);
    }
  }

  /** x_t → x̃ = x_t/α, one step, back to x_s = α_s·x̃_s; the model and noise are explicit. */
  private static double oneStep(
      Sampler sampler,
      X0Predictor model,
      NoiseSchedule schedule,
      int t,
      int s,
      double xt,
      double z) {
    NoiseLevel from = schedule.level(t);
    NoiseLevel to = schedule.level(s);
    SamplingGrid grid = SamplingGrid.ofLevels(schedule, List.of(from, to));
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(new double[] {xt / from.alpha()});
      NoiseSource noise =
          (m, shape, type, stream) -> m.create(new double[] {z}, shape).toType(type, false);
      return sampler.sample(model, x, grid, noise).getDouble(0) * to.alpha();
    }
  }
}
