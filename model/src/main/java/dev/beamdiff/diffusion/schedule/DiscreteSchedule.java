package dev.beamdiff.diffusion.schedule;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.LossWeighting;
import dev.beamdiff.diffusion.loss.UniformWeighting;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * A discrete variance-preserving schedule (Ho et al. 2020, DDPM, arXiv:2006.11239): noise rates
 * {@code β_0 … β_{T−1}}, {@code ᾱ_t = ∏_{s≤t} (1 − β_s)} and (Eq. 4) {@code x_t = √ᾱ_t·x0 + √(1 −
 * ᾱ_t)·ε}. Times are the indices 0…T−1; the network is conditioned on the index.
 *
 * <p>Between integer times {@code ᾱ} is interpolated linearly, so samplers may evaluate the network
 * at fractional times (Karras spacing, Heun and RK4 stages) and {@link #timeAtVeSigma} inverts the
 * schedule exactly, including a terminal {@code ᾱ = 0}.
 *
 * <p>Training draws {@code t ~ Uniform{0, …, T−1}} (Ho et al. 2020, Alg. 1); the default loss is
 * the unweighted {@code L_simple} (Eq. 14).
 */
public final class DiscreteSchedule implements NoiseSchedule {
  private final String name;
  private final double[] alphaBar;

  /**
   * A schedule from its cumulative products {@code ᾱ_t}.
   *
   * @param name name used on the command line
   * @param alphaBar {@code ᾱ_0 … ᾱ_{T−1}}: strictly decreasing, {@code ᾱ_0 < 1}, all {@code > 0}
   *     except possibly the last, which may be exactly 0 (zero terminal SNR)
   */
  public DiscreteSchedule(String name, double[] alphaBar) {
    this.name = name;
    this.alphaBar = alphaBar.clone();
    if (this.alphaBar.length < 2) {
      throw new IllegalArgumentException(
          "alphaBar: expected at least 2 timesteps, got " + this.alphaBar.length);
    }
    for (int t = 0; t < this.alphaBar.length; t++) {
      double a = this.alphaBar[t];
      boolean last = t == this.alphaBar.length - 1;
      if (!(a < 1) || !(last ? a >= 0 : a > 0)) {
        throw new IllegalArgumentException(
            "alphaBar["
                + t
                + "]: expected a value in "
                + (last ? "[0, 1)" : "(0, 1)")
                + ", got "
                + a);
      }
      if (t > 0 && !(a < this.alphaBar[t - 1])) {
        throw new IllegalArgumentException(
            "alphaBar: expected strictly decreasing values, but ᾱ_"
                + t
                + " = "
                + a
                + " ≥ ᾱ_"
                + (t - 1)
                + " = "
                + this.alphaBar[t - 1]);
      }
    }
  }

  /** A schedule from noise rates: {@code ᾱ_t = ∏_{s≤t} (1 − β_s)} (Ho et al. 2020, §2). */
  public static DiscreteSchedule fromBetas(String name, double[] betas) {
    double[] alphaBar = new double[betas.length];
    double product = 1;
    for (int t = 0; t < betas.length; t++) {
      if (!(betas[t] > 0 && betas[t] <= 1)) {
        throw new IllegalArgumentException(
            "betas[" + t + "]: expected a value in (0, 1], got " + betas[t]);
      }
      product *= 1 - betas[t];
      alphaBar[t] = product;
    }
    return new DiscreteSchedule(name, alphaBar);
  }

  /**
   * DDPM's linear schedule (Ho et al. 2020, §4): {@code β} evenly spaced from {@code betaStart} to
   * {@code betaEnd}, both scaled by {@code 1000/T} so other lengths keep the same overall noise
   * (Nichol & Dhariwal 2021, arXiv:2102.09672, {@code get_named_beta_schedule}). {@code
   * linear(1000, 1e-4, 0.02)} has {@code ᾱ_999 ≈ 4.04e-5}.
   */
  public static DiscreteSchedule linear(int timesteps, double betaStart, double betaEnd) {
    checkTimesteps(timesteps);
    double scale = 1000.0 / timesteps;
    if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd * scale < 1)) {
      throw new IllegalArgumentException(
          "betaStart, betaEnd: expected 0 < β_start ≤ β_end and β_end·1000/T < 1, got "
              + betaStart
              + ", "
              + betaEnd
              + " with T = "
              + timesteps);
    }
    double[] betas = new double[timesteps];
    for (int t = 0; t < timesteps; t++) {
      betas[t] = scale * (betaStart + (betaEnd - betaStart) * t / (timesteps - 1));
    }
    return fromBetas("linear", betas);
  }

  /** {@code linear(1000, 1e-4, 0.02)}: the DDPM paper's schedule. */
  public static DiscreteSchedule linear() {
    return linear(1000, 1e-4, 0.02);
  }

  /**
   * The cosine schedule of Nichol & Dhariwal 2021 (arXiv:2102.09672, Eq. 17): {@code ᾱ(u) =
   * f(u)/f(0)}, {@code f(u) = cos²(((u + s)/(1 + s))·π/2)}, discretised as {@code β_t = min(1 −
   * ᾱ((t+1)/T)/ᾱ(t/T), maxBeta)}; §3.2 clips β at 0.999 so {@code ᾱ_{T−1} > 0}.
   */
  public static DiscreteSchedule cosine(int timesteps, double offset, double maxBeta) {
    double f0 = cosineF(0, offset);
    return fromAlphaBarFunction("cosine", timesteps, u -> cosineF(u, offset) / f0, maxBeta);
  }

  /** {@code cosine(1000, 0.008, 0.999)}. */
  public static DiscreteSchedule cosine() {
    return cosine(1000, 0.008, 0.999);
  }

  /**
   * The exponential schedule {@code ᾱ(u) = e^{−12u}} of FlaxDiff's {@code ExpNoiseSchedule} and
   * diffusers' {@code betas_for_alpha_bar(alpha_transform_type="exp")}, discretised like {@link
   * #cosine}; its β is constant, {@code 1 − e^{−12/T}}.
   */
  public static DiscreteSchedule exp(int timesteps) {
    return fromAlphaBarFunction("exp", timesteps, u -> Math.exp(-12 * u), 0.999);
  }

  /** {@code exp(1000)}. */
  public static DiscreteSchedule exp() {
    return exp(1000);
  }

  /**
   * Discretises a continuous {@code ᾱ(u)}, {@code u ∈ [0, 1]}, into T steps: {@code β_t = min(1 −
   * ᾱ((t+1)/T)/ᾱ(t/T), maxBeta)} (Nichol & Dhariwal 2021, §3.2).
   */
  public static DiscreteSchedule fromAlphaBarFunction(
      String name, int timesteps, DoubleUnaryOperator alphaBar, double maxBeta) {
    checkTimesteps(timesteps);
    double[] betas = new double[timesteps];
    for (int t = 0; t < timesteps; t++) {
      double ratio =
          alphaBar.applyAsDouble((t + 1.0) / timesteps)
              / alphaBar.applyAsDouble((double) t / timesteps);
      betas[t] = Math.min(1 - ratio, maxBeta);
    }
    return fromBetas(name, betas);
  }

  /**
   * This schedule rescaled to zero terminal SNR (Lin et al. 2023, arXiv:2305.08891, Alg. 1); see
   * {@link ZeroTerminalSnr}. The result reaches {@code α = 0} at {@code T−1}, which ε-prediction
   * cannot invert: pair it with v- or x0-prediction.
   */
  public DiscreteSchedule withZeroTerminalSnr() {
    return new DiscreteSchedule(name + "-zsnr", ZeroTerminalSnr.rescale(alphaBar));
  }

  private static double cosineF(double u, double offset) {
    double c = Math.cos((u + offset) / (1 + offset) * Math.PI / 2);
    return c * c;
  }

  private static void checkTimesteps(int timesteps) {
    if (timesteps < 2) {
      throw new IllegalArgumentException("timesteps: expected ≥ 2, got " + timesteps);
    }
  }

  /** Number of timesteps T. */
  public int timesteps() {
    return alphaBar.length;
  }

  /** {@code ᾱ_t} at integer {@code t}. */
  public double alphaBar(int t) {
    return alphaBar[t];
  }

  /** A copy of {@code ᾱ_0 … ᾱ_{T−1}}. */
  public double[] alphaBars() {
    return alphaBar.clone();
  }

  /** {@code β_t = 1 − ᾱ_t/ᾱ_{t−1}} with {@code ᾱ_{−1} = 1}. */
  public double beta(int t) {
    return 1 - alphaBar[t] / (t == 0 ? 1 : alphaBar[t - 1]);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double minTime() {
    return 0;
  }

  @Override
  public double maxTime() {
    return alphaBar.length - 1;
  }

  @Override
  public NoiseLevel level(double t) {
    double time = clampTime(t);
    int i = (int) Math.floor(time);
    double w = time - i;
    double a = w == 0 ? alphaBar[i] : (1 - w) * alphaBar[i] + w * alphaBar[i + 1];
    return VariancePreserving.fromAlphaBar(time, a);
  }

  @Override
  public double timeAtVeSigma(double veSigma) {
    double target = VariancePreserving.alphaBarAt(veSigma);
    int last = alphaBar.length - 1;
    if (target >= alphaBar[0]) {
      return 0;
    }
    if (target <= alphaBar[last]) {
      return last;
    }
    // alphaBar is decreasing: find i with alphaBar[i] >= target > alphaBar[i + 1].
    int lo = 0;
    int hi = last;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (alphaBar[mid] >= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + (alphaBar[lo] - target) / (alphaBar[lo] - alphaBar[hi]);
  }

  @Override
  public NoiseLevel levelAtVeSigma(double veSigma) {
    return VariancePreserving.levelAt(timeAtVeSigma(veSigma), veSigma);
  }

  /** The index t itself (fractional between steps). */
  @Override
  public double noiseConditioning(NoiseLevel level) {
    return level.time();
  }

  @Override
  public double sampleTrainingTime(RandomGenerator random) {
    return random.nextInt(alphaBar.length);
  }

  @Override
  public LossWeighting defaultWeighting() {
    return new UniformWeighting();
  }

  private double clampTime(double t) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t: expected a time in [0, " + maxTime() + "], got NaN");
    }
    return Math.max(0, Math.min(maxTime(), t));
  }

  @Override
  public String toString() {
    return "DiscreteSchedule["
        + name
        + ", T="
        + alphaBar.length
        + ", ᾱ_0="
        + alphaBar[0]
        + ", ᾱ_T-1="
        + alphaBar[alphaBar.length - 1]
        + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DiscreteSchedule other
        && name.equals(other.name)
        && Arrays.equals(alphaBar, other.alphaBar);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(alphaBar);
  }
}
