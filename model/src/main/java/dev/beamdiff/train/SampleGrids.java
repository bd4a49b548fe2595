package dev.beamdiff.train;

import ai.djl.ndarray.NDArray;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.generate.SampleGrid;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample grids drawn during training from the EMA weights, into {@code samples/step-NNNNNNNNN.png}.
 * Every grid uses the same seeds (and, for a conditional model, labels cycling through the
 * classes), so successive grids show the same images getting better.
 */
final class SampleGrids implements AutoCloseable {
  private final TrainConfig.SampleConfig config;
  private final long seed;
  private final Path dir;
  private final DiffusionModel model;

  SampleGrids(ModelSpec spec, TrainConfig.SampleConfig config, long seed, Path dir) {
    this.config = config;
    this.seed = seed;
    this.dir = dir;
    this.model = DiffusionModel.create(spec, seed);
  }

  /** Draws a grid with {@code weights} (the EMA averages, in parameter order) and writes it. */
  Path write(long step, List<NDArray> weights) {
    model.parameters().copyFrom(weights);
    int classes = model.spec().numClasses();
    GenerationRequest request =
        new GenerationRequest(
            config.sampler(),
            config.steps(),
            null,
            config.count(),
            null,
            classes > 0 ? config.guidance() : 1,
            seed,
            0,
            config.count());
    return SampleGrid.write(model, request, dir.resolve(String.format("step-%09d.png", step)));
  }

  @Override
  public void close() {
    model.close();
  }
}
