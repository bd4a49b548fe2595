package dev.beamdiff.pipelines.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's grid puts image c + K·j (label c) in row c, column j: checked on PNGs whose gray
 * level encodes their index.
 */
class ClassRowsGridTest {
  @TempDir Path dir;

  @Test
  void rowCHoldsTheImagesOfClassC() throws IOException {
    int classes = 3;
    int n = 7; // two full columns (indices 0…5); image 6 does not fit a full column
    for (int i = 0; i < n; i++) {
      byte[] pixels = new byte[4 * 4];
      java.util.Arrays.fill(pixels, (byte) (10 * i));
      PngFiles.write(dir.resolve(PngFiles.name(i)), pixels, 4, 4, 1);
    }
    Path png = ClassRowsGrid.write(dir, n, classes, 1, 4, dir.resolve("grid.png"));
    BufferedImage grid = ImageIO.read(png.toFile());
    // 2 columns × 3 rows of 4 px tiles at scale 2 with 2 px padding.
    assertThat(grid.getWidth()).isEqualTo(2 + 2 * (8 + 2));
    assertThat(grid.getHeight()).isEqualTo(2 + 3 * (8 + 2));
    for (int row = 0; row < classes; row++) {
      for (int column = 0; column < 2; column++) {
        int x = 2 + column * 10 + 3;
        int y = 2 + row * 10 + 3;
        int expected = 10 * (row + classes * column);
        assertThat(grid.getRGB(x, y) & 0xFF)
            .as("row %d column %d", row, column)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void tooFewImagesForOneColumnIsAnError() {
    assertThatThrownBy(() -> ClassRowsGrid.write(dir, 5, 10, 1, 28, dir.resolve("g.png")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs at least 10 images, got 5");
  }
}
