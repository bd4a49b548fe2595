package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.viz.ImageGrid;
import java.nio.file.Path;

/**
 * The grid of the report: one row per class, read back from the generated PNGs. Image i of the run
 * has label i mod K, so row c holds images c, c + K, c + 2K, …; an unconditional model gets a
 * square grid of the first images.
 */
final class ClassRowsGrid {
  /** Images per row (at most). */
  static final int COLUMNS = 10;

  private ClassRowsGrid() {}

  /**
   * Writes the grid of the images in {@code dir} ({@code n} of them, {@code classes} classes, 0 for
   * an unconditional model) to {@code png}.
   */
  static Path write(Path dir, int n, int classes, int channels, int size, Path png) {
    int rows = classes > 0 ? classes : 1;
    int columns = classes > 0 ? Math.min(COLUMNS, n / classes) : Math.min(n, COLUMNS * COLUMNS);
    if (columns < 1) {
      throw new IllegalArgumentException(
          "a grid with one row per class needs at least " + classes + " images, got " + n);
    }
    int count = classes > 0 ? rows * columns : columns;
    int imageSize = channels * size * size;
    float[] images = new float[count * imageSize];
    for (int k = 0; k < count; k++) {
      int index = classes > 0 ? (k / columns) + classes * (k % columns) : k;
      PngFiles.read(dir.resolve(PngFiles.name(index)), channels, size, images, k * imageSize);
    }
    ImageGrid grid =
        classes > 0 ? new ImageGrid(columns, 2, size < 64 ? 2 : 1) : ImageGrid.square(count, size);
    return grid.write(png, images, count, channels, size, size);
  }
}
