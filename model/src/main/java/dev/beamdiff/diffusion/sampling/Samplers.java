package dev.beamdiff.diffusion.sampling;

import java.util.List;
import java.util.Locale;

/** The samplers and step spacings by command-line name. */
public final class Samplers {
  private static final List<String> NAMES =
      List.of(
          "ddpm",
          "ddim",
          "euler",
          "euler-ancestral",
          "heun",
          "rk4",
          "dpmpp-2m",
          "dpmpp-2m-sde",
          "lms",
          "unipc");
  private static final List<String> SPACINGS =
      List.of("linspace", "leading", "trailing", "karras", "exponential");

  private Samplers() {}

  /**
   * Sampler settings from the command line. {@code eta} NaN means the sampler's own default (0 for
   * ddim and dpmpp-2m, 1 for euler-ancestral and dpmpp-2m-sde).
   *
   * @param eta stochasticity η of ddim, euler-ancestral and the DPM-Solver++ variants
   * @param sNoise noise inflation of euler-ancestral, dpmpp-2m-sde (EDM churn has its own)
   * @param churn EDM churn of euler and heun
   * @param lmsOrder order of lms (1…4)
   * @param ddpmVariance variance of ddpm
   */
  public record Options(
      double eta,
      double sNoise,
      EdmSampler.Churn churn,
      int lmsOrder,
      DdpmSampler.Variance ddpmVariance) {

    /** Every sampler's defaults. */
    public static Options defaults() {
      return new Options(Double.NaN, 1, EdmSampler.Churn.NONE, 4, DdpmSampler.Variance.SMALL);
    }

    /** With η set. */
    public Options withEta(double value) {
      return new Options(value, sNoise, churn, lmsOrder, ddpmVariance);
    }

    /** With the EDM churn set. */
    public Options withChurn(EdmSampler.Churn value) {
      return new Options(eta, sNoise, value, lmsOrder, ddpmVariance);
    }

    /** With the noise inflation of ancestral/SDE samplers set. */
    public Options withSNoise(double value) {
      return new Options(eta, value, churn, lmsOrder, ddpmVariance);
    }

    /** With the LMS order set. */
    public Options withLmsOrder(int value) {
      return new Options(eta, sNoise, churn, value, ddpmVariance);
    }

    /** With the DDPM variance set. */
    public Options withDdpmVariance(DdpmSampler.Variance value) {
      return new Options(eta, sNoise, churn, lmsOrder, value);
    }
  }

  /** Every sampler name. */
  public static List<String> names() {
    return NAMES;
  }

  /** Every step-spacing name. */
  public static List<String> spacingNames() {
    return SPACINGS;
  }

  /** The sampler called {@code name} with default settings. */
  public static Sampler byName(String name) {
    return byName(name, Options.defaults());
  }

  /**
   * The sampler called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name or an option the sampler has no use for
   */
  public static Sampler byName(String name, Options options) {
    String key = normalise(name);
    boolean etaSet = !Double.isNaN(options.eta());
    boolean churnSet = !options.churn().equals(EdmSampler.Churn.NONE);
    boolean sNoiseSet = options.sNoise() != 1;
    switch (key) {
      case "ddim", "euler-ancestral", "dpmpp-2m", "dpmpp-2m-sde" ->
          rejectIf(churnSet, key, "churn");
      case "euler", "heun" -> {
        rejectIf(etaSet, key, "eta");
        rejectIf(sNoiseSet, key, "s-noise (use the churn's S_noise)");
      }
      case "ddpm", "rk4", "lms", "unipc" -> {
        rejectIf(etaSet, key, "eta");
        rejectIf(churnSet, key, "churn");
        rejectIf(sNoiseSet, key, "s-noise");
      }
      default ->
          throw new IllegalArgumentException(
              "sampler: unknown name '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
    return switch (key) {
      case "ddpm" -> new DdpmSampler(options.ddpmVariance());
      case "ddim" -> new DdimSampler("ddim", etaSet ? options.eta() : 0, options.sNoise());
      case "euler-ancestral" ->
          new DdimSampler("euler-ancestral", etaSet ? options.eta() : 1, options.sNoise());
      case "euler" -> new EdmSampler(false, options.churn());
      case "heun" -> new EdmSampler(true, options.churn());
      case "rk4" -> new Rk4Sampler();
      case "dpmpp-2m" -> new DpmSolverPlusPlus2M(etaSet ? options.eta() : 0, options.sNoise());
      case "dpmpp-2m-sde" -> new DpmSolverPlusPlus2M(etaSet ? options.eta() : 1, options.sNoise());
      case "unipc" -> new UniPcSampler();
      default -> new LmsSampler(options.lmsOrder());
    };
  }

  /**
   * The spacing called {@code name}: {@code linspace}, {@code leading}, {@code trailing} ({@link
   * TimeSpacing}), {@code karras} ({@link KarrasSpacing}, ρ = 7) or {@code exponential} ({@link
   * LogSigmaSpacing}; also {@code log-sigma}).
   */
  public static StepSpacing spacingByName(String name) {
    return switch (normalise(name)) {
      case "linspace" -> TimeSpacing.LINSPACE;
      case "leading" -> TimeSpacing.LEADING;
      case "trailing" -> TimeSpacing.TRAILING;
      case "karras" -> new KarrasSpacing();
      case "exponential", "log-sigma" -> new LogSigmaSpacing();
      default ->
          throw new IllegalArgumentException(
              "spacing: unknown name '"
                  + name
                  + "'; expected one of "
                  + String.join(", ", SPACINGS));
    };
  }

  /**
   * The spacing a sampler is usually run with: {@code trailing} for ddpm and ddim (Lin et al. 2023,
   * Table 2 and §3.3), {@code karras} for the ODE/SDE solvers (Karras et al. 2022, Eq. 5).
   */
  public static String defaultSpacing(String samplerName) {
    return switch (normalise(samplerName)) {
      case "ddpm", "ddim" -> "trailing";
      default -> "karras";
    };
  }

  private static String normalise(String name) {
    return name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void rejectIf(boolean set, String sampler, String option) {
    if (set) {
      throw new IllegalArgumentException(
          "sampler '" + sampler + "' does not use the option " + option);
    }
  }
}
