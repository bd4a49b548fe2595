package dev.beamdiff.classifier;

/** Receives progress from {@link ClassifierTrainer}; the command line draws a progress bar. */
public interface TrainingProgress {
  /** After each optimisation step; {@code step} counts from 1 over all epochs. */
  void onStep(int step, int totalSteps, int epoch, double loss);

  /** After each epoch, with the accuracy on the test images. */
  void onEpoch(int epoch, double testAccuracy);

  /** Ignores everything. */
  TrainingProgress NONE =
      new TrainingProgress() {
        @Override
        public void onStep(int step, int totalSteps, int epoch, double loss) {}

        @Override
        public void onEpoch(int epoch, double testAccuracy) {}
      };
}
