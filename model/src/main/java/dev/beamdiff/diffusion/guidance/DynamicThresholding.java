package dev.beamdiff.diffusion.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Dynamic thresholding (Saharia et al. 2022, Imagen, arXiv:2205.11487, §2.3): per sample, let
 * {@code s} be the {@code percentile}-quantile of {@code |x̂0|}, clamped to {@code [1, maxValue]};
 * then {@code x̂0 ← clip(x̂0, −s, s)/s}. Pixels saturate less than under clipping at large guidance
 * scales. The quantile interpolates linearly between order statistics ({@code torch.quantile}'s
 * default). Imagen uses {@code percentile = 0.995} and no upper bound.
 */
public record DynamicThresholding(double percentile, double maxValue) implements Thresholding {

  public DynamicThresholding {
    if (!(percentile > 0 && percentile <= 1)) {
      throw new IllegalArgumentException(
          "percentile: expected a value in (0, 1], got " + percentile);
    }
    if (!(maxValue >= 1)) {
      throw new IllegalArgumentException("maxValue: expected a value ≥ 1, got " + maxValue);
    }
  }

  /** Imagen's setting: percentile 0.995, no upper bound. */
  public DynamicThresholding() {
    this(0.995, Double.POSITIVE_INFINITY);
  }

  @Override
  public NDArray apply(NDArray x0) {
    Shape shape = x0.getShape();
    long batch = shape.get(0);
    long perSample = shape.size() / batch;
    NDArray sorted = x0.abs().reshape(batch, perSample).sort(1);
    double position = percentile * (perSample - 1);
    long lower = (long) Math.floor(position);
    long upper = Math.min(lower + 1, perSample - 1);
    double fraction = position - lower;
    NDArray quantile =
        sorted
            .get(new NDIndex(":, {}", lower))
            .mul(1 - fraction)
            .add(sorted.get(new NDIndex(":, {}", upper)).mul(fraction));
    NDArray s = Double.isInfinite(maxValue) ? quantile.maximum(1) : quantile.clip(1, maxValue);
    long[] broadcast = new long[shape.dimension()];
    Arrays.fill(broadcast, 1);
    broadcast[0] = batch;
    s = s.reshape(new Shape(broadcast));
    return x0.minimum(s).maximum(s.neg()).div(s);
  }
}
