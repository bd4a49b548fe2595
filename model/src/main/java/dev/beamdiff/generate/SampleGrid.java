package dev.beamdiff.generate;

import dev.beamdiff.viz.ImageGrid;
import java.nio.file.Path;

/**
 * Generated images as one PNG. When a class-conditional model cycles through its K classes and the
 * count is a multiple of K, the grid has K columns, so each column is one class.
 */
public final class SampleGrid {
  private SampleGrid() {}

  /** Generates {@code request} with {@code model} and writes the grid to {@code png}. */
  public static Path write(DiffusionModel model, GenerationRequest request, Path png) {
    float[] images = new ImageGenerator(model).generate(request);
    int classes = model.spec().numClasses();
    int size = model.spec().unet().imageSize();
    int count = request.count();
    boolean cycling =
        classes > 0 && request.labels() == null && request.firstIndex() % classes == 0;
    ImageGrid grid =
        cycling && count % classes == 0
            ? new ImageGrid(classes, 2, size < 64 ? 2 : 1)
            : ImageGrid.square(count, size);
    return grid.write(png, images, count, model.spec().unet().inChannels(), size, size);
  }
}
