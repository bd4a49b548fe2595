package dev.beamdiff.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param steps updates completed (the run's total)
 * @param stepsThisSession updates made by this process (less than {@code steps} after a resume)
 * @param finalLoss bias-corrected moving average of the loss over the last updates
 * @param trainingSeconds wall time across all sessions
 * @param metrics the JSONL metrics file
 * @param lossCurve the loss-curve PNG
 * @param lastGrid the last sample grid, or null if none was drawn
 * @param lastCheckpoint location of the final checkpoint
 */
public record TrainingSummary(
    long steps,
    long stepsThisSession,
    double finalLoss,
    double trainingSeconds,
    Path metrics,
    Path lossCurve,
    Path lastGrid,
    String lastCheckpoint) {}
