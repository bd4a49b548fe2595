package dev.beamdiff.train;

import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.data.InMemoryImageDataset;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.checkpoint.Checkpoints;
import dev.beamdiff.train.checkpoint.LocalCheckpointStore;
import dev.beamdiff.train.optim.AdamW;
import dev.beamdiff.train.optim.EmaDecay;
import java.nio.file.Path;
import java.util.List;

/**
 * A training run small enough for tests: an 8×8 UNet (widths 16 and 32) with attention, dropout and
 * 3 classes on 40 synthetic images, EDM schedule, label dropout and flips on, so every source of
 * randomness is exercised.
 */
final class TinyRun {
  static final int IMAGES = 40;

  private TinyRun() {}

  static UNetConfig unet() {
    return new UNetConfig(8, 1, 1, 16, List.of(1, 2), 1, List.of(4), 2, 4, 1e-5f, 8, 16, 0.1f, 3);
  }

  static TrainConfig config(long totalSteps, long checkpointEvery) {
    return new TrainConfig(
        ModelSpec.of("tiny", unet(), DiffusionSpec.parse("edm", null, null)),
        new TrainConfig.DataConfig(
            "synthetic", "TinyRun.dataset()", IMAGES, List.of("x", "y", "xy"), true),
        4,
        totalSteps,
        1234,
        new TrainConfig.OptimizerConfig(
            2e-3, 1e-4, 3, AdamW.Hyperparameters.withWeightDecay(0.01), 1.0),
        EmaDecay.defaults(),
        0.2,
        checkpointEvery,
        3,
        new TrainConfig.SampleConfig(0, 3, "euler", 2, 1.5));
  }

  /** Image i: a diagonal gradient whose direction and brightness depend on its class i mod 3. */
  static DiffusionDataset dataset() {
    byte[] pixels = new byte[IMAGES * 64];
    int[] labels = new int[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      labels[i] = i % 3;
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          int v = labels[i] == 0 ? 16 * x : labels[i] == 1 ? 16 * y : 8 * (x + y);
          pixels[i * 64 + y * 8 + x] = (byte) Math.min(255, v + 3 * i);
        }
      }
    }
    return new InMemoryImageDataset(
        new LabeledImages(IMAGES, 8, 8, 1, pixels, labels, List.of("x", "y", "xy")));
  }

  static LocalCheckpointStore store(Path dir) {
    return new LocalCheckpointStore(dir);
  }

  static Checkpoints checkpoints(Path dir) {
    return new Checkpoints(store(dir), 3);
  }
}
