package dev.beamdiff.train;

/**
 * What one optimizer update measured.
 *
 * @param step the update's number (1-based)
 * @param loss the batch's weighted diffusion loss
 * @param learningRate the learning rate the update used
 * @param gradientNorm the global gradient norm before clipping
 * @param imagesPerSecond training throughput over the recent steps
 * @param emaDecay the EMA decay β applied after the update
 * @param trainingSeconds wall time spent training so far, across resumes
 */
public record StepMetrics(
    long step,
    double loss,
    double learningRate,
    double gradientNorm,
    double imagesPerSecond,
    double emaDecay,
    double trainingSeconds) {}
