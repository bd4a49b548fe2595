package dev.beamdiff.train;

import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.List;

/**
 * The training-loss plot: the per-step loss and its exponential moving average (smoothing 0.98,
 * bias-corrected like Adam's moments so the start is not pulled towards zero), on a log scale.
 */
public final class LossCurve {
  private static final double SMOOTHING = 0.98;

  private LossCurve() {}

  /** Writes the plot of {@code metrics} to {@code png} and returns the path. */
  public static Path write(List<StepMetrics> metrics, Path png) {
    double[] steps = new double[metrics.size()];
    double[] loss = new double[metrics.size()];
    for (int i = 0; i < metrics.size(); i++) {
      steps[i] = metrics.get(i).step();
      loss[i] = metrics.get(i).loss();
    }
    return new LineChart("Training loss", "step", "loss")
        .series("loss", steps, loss)
        .series("smoothed", steps, smooth(loss, SMOOTHING))
        .logAxes(false, true)
        .write(png, 900, 500);
  }

  /** sₙ = β·sₙ₋₁ + (1 − β)·xₙ with s₀ = 0, reported as sₙ / (1 − βⁿ). */
  static double[] smooth(double[] values, double beta) {
    double[] out = new double[values.length];
    double s = 0;
    double correction = 1;
    for (int i = 0; i < values.length; i++) {
      s = beta * s + (1 - beta) * values[i];
      correction *= beta;
      out[i] = s / (1 - correction);
    }
    return out;
  }
}
