package dev.beamdiff.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.EmaDecay;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines a training run; stored as JSON in every checkpoint so a resumed run is
 * the same run and {@code beamdiff sample} can rebuild the model.
 *
 * @param model the network and the diffusion it is trained for
 * @param data which images, and whether they are flipped at random
 * @param batchSize images per update
 * @param totalSteps number of updates (fixes the learning-rate schedule)
 * @param seed the seed every random draw derives from (initial weights, data order, noise, levels,
 *     label dropout, network dropout)
 * @param optimizer AdamW, learning-rate schedule and gradient clipping
 * @param ema the warm-up of the weights' exponential moving average
 * @param labelDropout probability that a label is replaced by the null label, so one network learns
 *     the conditional and the unconditional model for classifier-free guidance (Ho &amp; Salimans
 *     2022, Algorithm 1)
 * @param checkpointEvery updates between checkpoints (the last update always writes one)
 * @param keepCheckpoints how many checkpoints to keep
 * @param samples the sample grids drawn from the EMA weights during training
 */
public record TrainConfig(
    ModelSpec model,
    DataConfig data,
    int batchSize,
    long totalSteps,
    long seed,
    OptimizerConfig optimizer,
    EmaDecay ema,
    double labelDropout,
    long checkpointEvery,
    int keepCheckpoints,
    SampleConfig samples) {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

  public TrainConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(ema, "ema");
    Objects.requireNonNull(samples, "samples");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size: expected >= 1, got " + batchSize);
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException("total steps: expected >= 1, got " + totalSteps);
    }
    if (optimizer.warmupSteps() > totalSteps) {
      throw new IllegalArgumentException(
          "warm-up of "
              + optimizer.warmupSteps()
              + " steps is longer than the run ("
              + totalSteps
              + " steps)");
    }
    if (!(labelDropout >= 0 && labelDropout < 1)) {
      throw new IllegalArgumentException("label dropout: expected [0, 1), got " + labelDropout);
    }
    if (checkpointEvery < 1 || keepCheckpoints < 1) {
      throw new IllegalArgumentException(
          "expected checkpoint interval >= 1 and keep >= 1, got "
              + checkpointEvery
              + " and "
              + keepCheckpoints);
    }
  }

  /**
   * The images a run trains on, recorded so a resume can check it reads the same data.
   *
   * @param name dataset name (e.g. fashion-mnist)
   * @param source where the images came from (folder, files, URI)
   * @param count number of images
   * @param classNames class names by label (empty for unlabeled data)
   * @param flips random horizontal flips
   */
  public record DataConfig(
      String name, String source, int count, List<String> classNames, boolean flips) {
    public DataConfig {
      classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }
  }

  /**
   * AdamW and its schedule.
   *
   * @param learningRate peak learning rate after warm-up
   * @param finalLearningRate learning rate at the end of the cosine decay
   * @param warmupSteps linear warm-up updates
   * @param adam β₁, β₂, ε and weight decay
   * @param clipNorm global gradient-norm threshold
   */
  public record OptimizerConfig(
      double learningRate,
      double finalLearningRate,
      long warmupSteps,
      AdamW.Hyperparameters adam,
      double clipNorm) {
    public OptimizerConfig {
      Objects.requireNonNull(adam, "adam");
      if (!(clipNorm > 0)) {
        throw new IllegalArgumentException("clip norm: expected > 0, got " + clipNorm);
      }
      if (!(learningRate > 0) || !(finalLearningRate >= 0) || finalLearningRate > learningRate) {
        throw new IllegalArgumentException(
            "learning rates: expected 0 <= final <= peak and peak > 0, got peak "
                + learningRate
                + ", final "
                + finalLearningRate);
      }
      if (warmupSteps < 0) {
        throw new IllegalArgumentException("warm-up steps: expected >= 0, got " + warmupSteps);
      }
    }
  }

  /**
   * Sample grids during training.
   *
   * @param every updates between grids (0: only at the end)
   * @param count images per grid
   * @param sampler sampler name
   * @param steps sampler steps
   * @param guidance classifier-free guidance scale for a conditional model
   */
  public record SampleConfig(long every, int count, String sampler, int steps, double guidance) {
    public SampleConfig {
      if (every < 0 || count < 1 || steps < 1) {
        throw new IllegalArgumentException(
            "sample grids: expected every >= 0, count >= 1, steps >= 1; got "
                + every
                + ", "
                + count
                + ", "
                + steps);
      }
    }
  }

  /** This configuration with another number of updates and warm-up updates. */
  public TrainConfig withLength(long steps, long warmupSteps) {
    return new TrainConfig(
        model,
        data,
        batchSize,
        steps,
        seed,
        new OptimizerConfig(
            optimizer.learningRate(),
            optimizer.finalLearningRate(),
            warmupSteps,
            optimizer.adam(),
            optimizer.clipNorm()),
        ema,
        labelDropout,
        checkpointEvery,
        keepCheckpoints,
        samples);
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  /** Parses and validates a configuration written by {@link #toJson()}. */
  public static TrainConfig fromJson(String json, String source) {
    try {
      TrainConfig config = GSON.fromJson(json, TrainConfig.class);
      if (config == null) {
        throw new IllegalArgumentException(source + ": empty training configuration");
      }
      return config;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          source + ": not a training configuration: " + e.getMessage(), e);
    }
  }
}
