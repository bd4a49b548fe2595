package dev.beamdiff.transforms.generate;

import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.generate.GenerationRequest;
import java.io.Serializable;
import java.util.Objects;

/**
 * The settings of a generation run that every index range shares; {@link #request(IndexRange)}
 * turns a range into the {@link GenerationRequest} that {@code ImageGenerator} samples. Image i
 * depends only on (model, sampler, steps, guidance, seed, i): its noise is drawn from (seed, i) and
 * its label from the {@link ClassPlan} at i.
 *
 * @param sampler a name from {@link Samplers#names()}; its usual step spacing is used
 * @param steps sampler steps
 * @param guidance classifier-free guidance scale (1 for an unconditional model)
 * @param seed the run's seed
 * @param classes the label of each index
 */
public record GenerationPlan(
    String sampler, int steps, double guidance, long seed, ClassPlan classes)
    implements Serializable {

  public GenerationPlan {
    Objects.requireNonNull(sampler, "sampler");
    Objects.requireNonNull(classes, "classes");
  }

  /** The request that samples {@code range} as one batch. */
  public GenerationRequest request(IndexRange range) {
    return new GenerationRequest(
        sampler,
        steps,
        null,
        range.size(),
        classes.labels(range.start(), range.size()),
        guidance,
        seed,
        range.start(),
        range.size());
  }
}
