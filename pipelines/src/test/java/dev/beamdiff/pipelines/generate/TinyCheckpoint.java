package dev.beamdiff.pipelines.generate;

import dev.beamdiff.data.InMemoryImageDataset;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.DiffusionTrainer;
import dev.beamdiff.train.TrainConfig;
import dev.beamdiff.train.TrainingListener;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.EmaDecay;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint small enough for pipeline tests: an 8×8 gray UNet (widths 16, 32) with 3 classes
 * named x, y, xy, trained for 3 steps on 24 synthetic gradients, as {@code beamdiff train --out}
 * lays it out ({@code <dir>/checkpoints/step-000000003.ckpt}).
 */
public final class TinyCheckpoint {
  public static final int SIZE = 8;
  public static final List<String> CLASSES = List.of("x", "y", "xy");
  private static final int IMAGES = 24;

  private TinyCheckpoint() {}

  /** Trains the run into {@code dir}; returns {@code dir}. */
  public static Path train(Path dir) {
    UNetConfig unet =
        new UNetConfig(SIZE, 1, 1, 16, List.of(1, 2), 1, List.of(4), 2, 4, 1e-5f, 8, 16, 0.1f, 3);
    TrainConfig config =
        new TrainConfig(
            ModelSpec.of("tiny", unet, DiffusionSpec.parse("edm", null, null)),
            new TrainConfig.DataConfig("synthetic", "TinyCheckpoint", IMAGES, CLASSES, false),
            4,
            3,
            7,
            new TrainConfig.OptimizerConfig(
                2e-3, 1e-4, 1, AdamW.Hyperparameters.withWeightDecay(0.01), 1.0),
            EmaDecay.defaults(),
            0.2,
            3,
            1,
            new TrainConfig.SampleConfig(0, 3, "euler", 1, 1.0));
    try (DiffusionTrainer trainer =
        DiffusionTrainer.start(
            config, dataset(), new LocalCheckpointStore(dir.resolve("checkpoints")), dir)) {
      trainer.run(TrainingListener.NONE);
    }
    return dir;
  }

  /** Image i: a gradient along x, y or the diagonal for class i mod 3. */
  private static InMemoryImageDataset dataset() {
    byte[] pixels = new byte[IMAGES * SIZE * SIZE];
    int[] labels = new int[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      labels[i] = i % 3;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int v = labels[i] == 0 ? 32 * x : labels[i] == 1 ? 32 * y : 16 * (x + y);
          pixels[(i * SIZE + y) * SIZE + x] = (byte) Math.min(255, v + 2 * i);
        }
      }
    }
    return new InMemoryImageDataset(
        new LabeledImages(IMAGES, SIZE, SIZE, 1, pixels, labels, CLASSES));
  }
}
