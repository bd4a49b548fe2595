package dev.beamdiff.transforms.generate;

/** Names of the Beam counters of the generation pipeline (progress and the final count). */
public final class GenerateMetrics {
  /** Namespace of every counter below. */
  public static final String NAMESPACE = "beamdiff.generate";

  /** Images requested (counted when the index ranges are made). */
  public static final String PLANNED = "planned";

  /** Images sampled. */
  public static final String GENERATED = "generated";

  /** PNG files written. */
  public static final String PNG_WRITTEN = "pngWritten";

  private GenerateMetrics() {}
}
