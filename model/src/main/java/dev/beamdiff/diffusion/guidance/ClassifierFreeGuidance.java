package dev.beamdiff.diffusion.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.beamdiff.diffusion.Conditioning;
import dev.beamdiff.diffusion.Denoiser;

/**
 * Classifier-free guidance (Ho & Salimans 2022, arXiv:2207.12598, Eq. 6, {@code ε̃ = (1 + w)·ε_c −
 * w·ε_u}), written with the guidance scale {@code g = 1 + w} on the raw network output:
 *
 * <pre>  F = F_u + g·(F_c − F_u).</pre>
 *
 * Every prediction transform is affine in F with coefficients shared by both branches, so this is
 * the same guidance applied to x̂0 or ε̂. The conditional and unconditional branches run as one
 * doubled batch {@code [cond; uncond]} in a single network call. {@code g = 1} is the conditional
 * model and {@code g = 0} the unconditional one; both take a single, undoubled call.
 *
 * @param scale guidance scale g ≥ 0
 * @param unconditional the null conditioning (e.g. the null class label), batch-sized like the
 *     conditional one
 */
public record ClassifierFreeGuidance(double scale, Conditioning unconditional) {

  public ClassifierFreeGuidance {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(
          "scale: expected a finite guidance scale ≥ 0, got " + scale);
    }
    if (unconditional == null || unconditional.isEmpty()) {
      throw new IllegalArgumentException(
          "unconditional: guidance needs the null conditioning (e.g. null class labels)");
    }
  }

  /** Evaluates the guided raw output for {@code conditioning}. */
  public NDArray apply(
      Denoiser network, NDArray input, NDArray noiseConditioning, Conditioning conditioning) {
    if (conditioning.size() != unconditional.size()
        || conditioning.batchSize() != unconditional.batchSize()) {
      throw new IllegalArgumentException(
          "conditioning: expected "
              + unconditional.size()
              + " inputs of batch size "
              + unconditional.batchSize()
              + " to match the unconditional conditioning, got "
              + conditioning.size()
              + " of batch size "
              + conditioning.batchSize());
    }
    if (scale == 1) {
      return network.forward(input, noiseConditioning, conditioning);
    }
    if (scale == 0) {
      return network.forward(input, noiseConditioning, unconditional);
    }
    long batch = input.getShape().get(0);
    NDArray raw =
        network.forward(
            input.concat(input, 0),
            noiseConditioning.concat(noiseConditioning, 0),
            conditioning.concat(unconditional));
    NDList halves = raw.split(new long[] {batch}, 0);
    NDArray cond = halves.get(0);
    NDArray uncond = halves.get(1);
    return uncond.add(cond.sub(uncond).mul(scale));
  }
}
