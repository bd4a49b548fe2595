package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.sampling.SamplingGrid;

/**
 * DDIM inversion (Song, Meng &amp; Ermon 2021, arXiv:2010.02502, §4.3 and §5.4): the deterministic
 * DDIM sampler is an Euler discretisation of the ODE (their Eq. 14, in {@code x̃ = x/α}, {@code σ̃
 * = σ/α})
 *
 * <pre>  dx̃ = ε_θ(x̃, σ̃)·dσ̃,   ε_θ(x̃, σ̃) = (x̃ − D(x̃; σ̃))/σ̃,</pre>
 *
 * so the same ODE integrated upwards, from a clean image to the noisiest level, encodes the image
 * into the latent from which DDIM decodes it again. Each encoding step is the explicit Euler step
 * upwards, the mirror image of the sampler's step downwards:
 *
 * <pre>  x̃_{i+1} = x̃_i + (σ̃_{i+1} − σ̃_i)·ε_θ(x̃_i, σ̃_i),</pre>
 *
 * except the first, which starts at σ̃ = 0 where ε is undefined and evaluates it at the first level
 * σ̃_1 instead. Sampler and encoder each make an {@code O(Δσ̃²)} error per step, so the
 * reconstruction error falls as the steps get shorter (DDIM Table 2).
 */
final class DdimInversion {
  private DdimInversion() {}

  /**
   * Encodes clean images {@code x0} (level σ̃ = 0) up {@code grid}, the sampling grid read
   * backwards, to its first (noisiest) level: the latent that {@code ddim} on {@code grid} decodes
   * back to about {@code x0}.
   *
   * @param grid a sampling grid ending at the clean level
   * @return the latent, in {@code x0}'s manager
   */
  static NDArray encode(X0Predictor model, NDArray x0, SamplingGrid grid) {
    if (!grid.endsClean()) {
      throw new IllegalArgumentException(
          "grid: expected a grid ending at the clean level, " + grid);
    }
    NDManager manager = x0.getManager();
    NDArray x = x0.duplicate();
    // tutorial:begin encode
    for (int i = grid.steps(); i > 0; i--) { // σ̃ = 0 → σ̃_N, the sampling grid backwards
      double from = grid.veSigma(i);
      double to = grid.veSigma(i - 1);
      double at = from > 0 ? from : to; // ε is undefined at σ̃ = 0
      NDArray next;
      try (NDManager step = manager.newSubManager()) {
        step.tempAttachAll(x); // temporaries of this step die with it
        NDArray eps = x.sub(model.predictX0(x, at)).div(at); // ε_θ(x̃_i, σ̃_i)
        next = x.add(eps.mul(to - from));
        next.attach(manager);
      }
      x.close();
      x = next;
    }
    // tutorial:end encode
    return x;
  }
}
