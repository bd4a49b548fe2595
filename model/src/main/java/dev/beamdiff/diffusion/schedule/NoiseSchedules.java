package dev.beamdiff.diffusion.schedule;

import java.util.List;
import java.util.Locale;

/** The schedules by command-line name, with their default parameters. */
public final class NoiseSchedules {
  private static final List<String> NAMES =
      List.of(
          "linear",
          "cosine",
          "exp",
          "linear-zsnr",
          "cosine-zsnr",
          "exp-zsnr",
          "cosine-continuous",
          "sqrt",
          "karras",
          "edm");

  private NoiseSchedules() {}

  /** Every accepted name. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The schedule called {@code name}: {@code linear}, {@code cosine} and {@code exp} are discrete
   * with T = 1000 ({@link DiscreteSchedule}); a {@code -zsnr} suffix rescales them to zero terminal
   * SNR; {@code cosine-continuous} ({@link CosineSchedule}), {@code sqrt} ({@link SqrtSchedule}),
   * {@code karras} ({@link KarrasVeSchedule}) and {@code edm} ({@link EdmSchedule}) are continuous.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static NoiseSchedule byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "linear" -> DiscreteSchedule.linear();
      case "cosine" -> DiscreteSchedule.cosine();
      case "exp" -> DiscreteSchedule.exp();
      case "linear-zsnr" -> DiscreteSchedule.linear().withZeroTerminalSnr();
      case "cosine-zsnr" -> DiscreteSchedule.cosine().withZeroTerminalSnr();
      case "exp-zsnr" -> DiscreteSchedule.exp().withZeroTerminalSnr();
      case "cosine-continuous" -> new CosineSchedule();
      case "sqrt" -> new SqrtSchedule();
      case "karras" -> new KarrasVeSchedule();
      case "edm" -> new EdmSchedule();
      default ->
          throw new IllegalArgumentException(
              "schedule: unknown name '" + name + "'; expected one of " + String.join(", ", NAMES));
    };
  }
}
