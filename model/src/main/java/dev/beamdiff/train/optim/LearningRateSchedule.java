package dev.beamdiff.train.optim;

/** The learning rate as a function of the update number. */
@FunctionalInterface
public interface LearningRateSchedule {
  /** Learning rate of update {@code step} (1-based: the first update is step 1). */
  double at(long step);
}
