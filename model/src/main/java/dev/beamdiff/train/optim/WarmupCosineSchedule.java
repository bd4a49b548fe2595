package dev.beamdiff.train.optim;

/**
 * Linear warm-up followed by cosine decay. Update n (1-based) of N, warm-up W:
 *
 * <pre>
 *   η(n) = η_peak · n / W                                                  n ≤ W
 *   η(n) = η_end + ½(η_peak − η_end)(1 + cos(π (n − W) / (N − W)))         W &lt; n ≤ N
 * </pre>
 *
 * The warm-up is the gradual ramp of Goyal et al., "Accurate, Large Minibatch SGD" (2017, §2.2);
 * the decay is one cosine cycle of SGDR (Loshchilov &amp; Hutter, ICLR 2017, Eq. 5) without
 * restarts. Past N the rate stays at η_end. During warm-up the rate does not depend on N.
 */
public record WarmupCosineSchedule(double peak, double end, long warmupSteps, long totalSteps)
    implements LearningRateSchedule {

  public WarmupCosineSchedule {
    if (!(peak > 0) || !Double.isFinite(peak)) {
      throw new IllegalArgumentException(
          "peak learning rate must be a finite value > 0, got " + peak);
    }
    if (!(end >= 0 && end <= peak)) {
      throw new IllegalArgumentException(
          "final learning rate must lie in [0, peak=" + peak + "], got " + end);
    }
    if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "expected 0 <= warm-up steps <= total steps and total steps >= 1; got warm-up "
              + warmupSteps
              + ", total "
              + totalSteps);
    }
  }

  @Override
  public double at(long step) {
    if (step < 1) {
      throw new IllegalArgumentException("update numbers start at 1, got " + step);
    }
    if (step <= warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (step >= totalSteps) {
      return end;
    }
    double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
    return end + 0.5 * (peak - end) * (1 + Math.cos(Math.PI * progress));
  }
}
