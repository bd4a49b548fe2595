package dev.beamdiff.train;

/**
 * A step produced a NaN or infinite loss or gradient. The run stops before applying it, so the
 * weights and the last checkpoint stay as they were.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long step;

  public TrainingDivergedException(long step, String message) {
    super(message);
    this.step = step;
  }

  /** The update that diverged. */
  public long step() {
    return step;
  }
}
