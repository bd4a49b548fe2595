package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.classifier.TrainingSettings;
import dev.beamdiff.nn.unet.UNetConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code beamdiff quickstart} does. {@link #defaults} gives the command's settings; the other
 * parameters exist so that a test can run every stage in seconds (a tiny network, a few steps, a
 * subset of the data).
 *
 * @param out output folder of every stage
 * @param minutes training time budget (ignored when {@code steps > 0})
 * @param steps a fixed number of training steps instead of the time budget, or 0
 * @param n number of generated images (and of training images in the reference FD)
 * @param dataDir folder with the Fashion-MNIST IDX files, or null to search as {@code beamdiff
 *     data}
 * @param fresh redo every stage, ignoring earlier outputs
 * @param subset use only the first {@code subset} images of each split (0: all of them)
 * @param network name of the network configuration (stored with the checkpoints)
 * @param unet the network configuration
 * @param batch training batch size
 * @param checkpointEvery training steps between checkpoints (an interrupted run resumes from the
 *     last one)
 * @param generation sampler, steps, guidance, seed and batch of the generation
 * @param classifierDir where the fmnist detector's checkpoint is (trained there if missing)
 * @param classifier how to train the detector when there is none
 */
public record QuickstartSettings(
    Path out,
    double minutes,
    long steps,
    int n,
    Path dataDir,
    boolean fresh,
    int subset,
    String network,
    UNetConfig unet,
    int batch,
    long checkpointEvery,
    Generation generation,
    Path classifierDir,
    TrainingSettings classifier) {

  /** Epochs of the detector trained when none is cached (the command's default is 3). */
  public static final int CLASSIFIER_EPOCHS = 1;

  public QuickstartSettings {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(unet, "unet");
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(classifierDir, "classifierDir");
    Objects.requireNonNull(classifier, "classifier");
    if (steps < 0 || (steps == 0 && !(minutes > 0 && Double.isFinite(minutes)))) {
      throw new IllegalArgumentException(
          "--minutes: expected a training budget > 0 minutes, got " + minutes);
    }
    if (n < 1) {
      throw new IllegalArgumentException("--n: expected at least 1 image, got " + n);
    }
    if (subset < 0) {
      throw new IllegalArgumentException("subset: expected >= 0 (0 = all images), got " + subset);
    }
    if (subset > 0 && n > subset) {
      throw new IllegalArgumentException(
          "--n " + n + " is larger than the " + subset + "-image subset of the training split");
    }
    if (batch < 1 || checkpointEvery < 1) {
      throw new IllegalArgumentException(
          "expected batch >= 1 and checkpointEvery >= 1, got " + batch + ", " + checkpointEvery);
    }
  }

  /**
   * The command's settings: {@code fmnist-small}, batch 64, a checkpoint every 200 steps,
   * DPM-Solver++(2M) with 12 steps and no guidance ({@link Generation#DEFAULT}), the detector in
   * the cache trained for {@value #CLASSIFIER_EPOCHS} epoch if missing.
   */
  public static QuickstartSettings defaults(
      Path out, double minutes, int n, Path dataDir, boolean fresh) {
    return new QuickstartSettings(
        out,
        minutes,
        0,
        n,
        dataDir,
        fresh,
        0,
        "fmnist-small",
        UNetConfig.FMNIST_SMALL,
        64,
        200,
        Generation.DEFAULT,
        ClassifierCheckpoint.defaultDir(),
        new TrainingSettings(
            CLASSIFIER_EPOCHS,
            TrainingSettings.DEFAULT_BATCH_SIZE,
            TrainingSettings.DEFAULT_LEARNING_RATE,
            TrainingSettings.DEFAULT_SEED,
            0,
            0));
  }

  /**
   * How the images are generated.
   *
   * @param sampler sampler name
   * @param steps sampler steps
   * @param guidance classifier-free guidance scale (1: the conditional model alone)
   * @param seed image i's noise depends on (seed, i) only
   * @param batch images per network batch
   */
  public record Generation(String sampler, int steps, double guidance, long seed, int batch) {
    /**
     * DPM-Solver++(2M) (Lu et al. 2022), 12 steps: a second-order multistep solver with one network
     * call per step, so 12 calls per image against Heun's 35 at 18 steps — generation on a CPU
     * takes about a third of the time.
     */
    public static final Generation DEFAULT = new Generation("dpmpp-2m", 12, 1.0, 0, 64);
  }

  /** The training run's folder. */
  Path trainDir() {
    return out.resolve("train");
  }

  /** Preprocessed training split. */
  Path trainShards() {
    return out.resolve("data").resolve("train");
  }

  /** Preprocessed test split. */
  Path testShards() {
    return out.resolve("data").resolve("test");
  }

  /** Generated PNGs. */
  Path generatedDir() {
    return out.resolve("generated");
  }

  /** N training images as PNGs, the reference point of the FD. */
  Path referenceDir() {
    return out.resolve("reference");
  }

  /** Evaluation reports. */
  Path evaluationDir() {
    return out.resolve("evaluation");
  }
}
