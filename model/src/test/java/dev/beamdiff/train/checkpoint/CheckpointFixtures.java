package dev.beamdiff.train.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Small synthetic checkpoints for format and store tests. */
final class CheckpointFixtures {
  private CheckpointFixtures() {}

  static Checkpoint checkpoint(long step, long seed) {
    Random random = new Random(seed);
    return new Checkpoint(
        new Checkpoint.Progress(step, step, 42, 12.5),
        "{\"network\":\"tiny\",\"batch\":4}",
        tensors(random, 1),
        tensors(random, 2),
        new Checkpoint.OptimizerState(step, tensors(random, 3), tensors(random, 4)));
  }

  private static TensorSet tensors(Random random, float scale) {
    Map<String, FloatTensor> map = new LinkedHashMap<>();
    map.put("conv_weight", tensor(random, scale, 2, 1, 3, 3));
    map.put("conv_bias", tensor(random, scale, 2));
    return new TensorSet(map);
  }

  private static FloatTensor tensor(Random random, float scale, long... shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian() * scale;
    }
    return new FloatTensor(shape, values);
  }
}
