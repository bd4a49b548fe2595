package dev.beamdiff.generate;

import dev.beamdiff.diffusion.sampling.Samplers;

/**
 * What to generate and how.
 *
 * @param sampler a sampler name from {@link Samplers#names()}
 * @param steps sampler steps (network evaluations depend on the sampler)
 * @param spacing a step spacing from {@link Samplers#spacingNames()}, or null for the sampler's
 *     usual one
 * @param count number of images
 * @param labels one class label per image for a class-conditional model, or null (then a
 *     conditional model cycles through its classes: image i of the run gets label i mod K)
 * @param guidance classifier-free guidance scale g (1 = plain conditional model, 0 = unconditional)
 * @param seed the run's seed: image i's noise comes from (seed, firstIndex + i) alone, so it does
 *     not depend on batching
 * @param firstIndex index of the first image in the run (batch generation splits a run into ranges)
 * @param batchSize images per network batch
 */
public record GenerationRequest(
    String sampler,
    int steps,
    String spacing,
    int count,
    int[] labels,
    double guidance,
    long seed,
    long firstIndex,
    int batchSize) {

  public GenerationRequest {
    Samplers.byName(sampler); // rejects unknown names with the list of known ones
    if (spacing != null) {
      Samplers.spacingByName(spacing);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps: expected >= 1, got " + steps);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count: expected >= 1 image, got " + count);
    }
    if (labels != null && labels.length != count) {
      throw new IllegalArgumentException(
          "labels: expected one per image (" + count + "), got " + labels.length);
    }
    if (!(guidance >= 0) || Double.isInfinite(guidance)) {
      throw new IllegalArgumentException("guidance: expected a finite scale >= 0, got " + guidance);
    }
    if (firstIndex < 0 || batchSize < 1) {
      throw new IllegalArgumentException(
          "expected firstIndex >= 0 and batchSize >= 1, got " + firstIndex + ", " + batchSize);
    }
    labels = labels == null ? null : labels.clone();
  }

  /** Every image of class {@code label}. */
  public static int[] sameLabel(int count, int label) {
    int[] labels = new int[count];
    java.util.Arrays.fill(labels, label);
    return labels;
  }

  @Override
  public int[] labels() {
    return labels == null ? null : labels.clone();
  }
}
