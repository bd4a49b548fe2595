package dev.beamdiff.diffusion.training;

import ai.djl.ndarray.NDArray;

/**
 * One training batch prepared by {@link TrainingObjective#prepare}: feed {@link #networkInput()}
 * and {@link #noiseConditioning()} (and any conditioning) to the network, then compute {@link
 * TrainingObjective#loss} against {@link #target()} with {@link #weights()}.
 *
 * @param times the schedule time of each sample
 * @param noisy {@code x_t = α·x0 + σ·ε}, shape [B, …]
 * @param networkInput {@code c_in·x_t}, shape [B, …]
 * @param noiseConditioning {@code c_noise} per sample, float32 [B]
 * @param target the prediction transform's target, shape [B, …]
 * @param weights loss weight per sample (weighting × schedule), float32 [B]
 */
public record TrainingBatch(
    double[] times,
    NDArray noisy,
    NDArray networkInput,
    NDArray noiseConditioning,
    NDArray target,
    NDArray weights)
    implements AutoCloseable {

  /** Frees the batch's arrays. */
  @Override
  public void close() {
    noisy.close();
    networkInput.close();
    noiseConditioning.close();
    target.close();
    weights.close();
  }
}
