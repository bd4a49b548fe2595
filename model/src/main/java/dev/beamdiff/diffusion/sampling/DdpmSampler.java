package dev.beamdiff.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;

/**
 * DDPM's ancestral sampler (Ho et al. 2020, arXiv:2006.11239, Alg. 2): draw {@code x_s} from the
 * forward-process posterior {@code q(x_s | x_t, x0 = x̂0)} (Eq. 6–7), written for any pair of
 * levels {@code s < t} of any schedule as in Kingma et al. 2021 (arXiv:2107.00630, §3.2): with
 * {@code α_{t|s} = α_t/α_s} and {@code σ²_{t|s} = σ_t² − α²_{t|s}·σ_s²},
 *
 * <pre>
 *   mean = (α_{t|s}·σ_s²/σ_t²)·x_t + (α_s·σ²_{t|s}/σ_t²)·x̂0,
 *   var  = σ²_{t|s}·σ_s²/σ_t²          (SMALL: β̃_t, the true posterior)
 *       or σ²_{t|s}                    (LARGE: β_t, Ho et al. §3.2).
 * </pre>
 *
 * In {@code x̃ = x/α} this is {@code x̃_s = r·x̃_t + (1 − r)·x̂0 + std·z} with {@code r =
 * σ̃_s²/σ̃_t²}, std {@code σ̃_s·√(1 − r)} (SMALL) or {@code (α_t/α_s)·√(σ̃_t² − σ̃_s²)} (LARGE). No
 * noise is added on the final step to the clean level (Alg. 2, {@code z = 0} at t = 1).
 */
public final class DdpmSampler extends SingleStepSampler {

  /** The reverse-process variance: Ho et al. 2020, §3.2. */
  public enum Variance {
    /** {@code β̃_t}: the posterior variance ("fixed small"). */
    SMALL,
    /** {@code β_t}: the forward step's variance ("fixed large"). */
    LARGE
  }

  private final Variance variance;

  /** With the posterior variance {@code β̃_t}. */
  public DdpmSampler() {
    this(Variance.SMALL);
  }

  /** With the given variance choice. */
  public DdpmSampler(Variance variance) {
    this.variance = variance;
  }

  @Override
  public String name() {
    return "ddpm";
  }

  @Override
  public boolean isStochastic() {
    return true;
  }

  @Override
  NDArray step(
      X0Predictor model, NDArray x, SamplingGrid grid, int i, NoiseSource noise, NDManager scope) {
    NoiseLevel fromLevel = grid.level(i);
    NoiseLevel toLevel = grid.level(i + 1);
    double from = fromLevel.veSigma();
    double to = toLevel.veSigma();
    NDArray x0 = model.predictX0(x, from);
    double ratio = (to / from) * (to / from);
    NDArray next = blend(x, x0, ratio);
    if (toLevel.isClean()) {
      return next;
    }
    double std =
        variance == Variance.SMALL
            ? to * Math.sqrt(1 - ratio)
            : fromLevel.alpha() / toLevel.alpha() * Math.sqrt((from - to) * (from + to));
    return next.addi(noiseLike(noise, scope, x, i).mul(std));
  }
}
