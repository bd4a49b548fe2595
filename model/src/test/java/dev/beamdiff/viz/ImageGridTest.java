package dev.beamdiff.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
  @TempDir Path tmp;

  @Test
  void placesEachImageInItsTileAtTheRightScale() throws Exception {
    // Three 2×2 gray images: all black, all white, a gradient.
    float[] images = {-1, -1, -1, -1, 1, 1, 1, 1, -1, 0, 0.5f, 1};
    ImageGrid grid = new ImageGrid(2, 1, 3);

    Path file = grid.write(tmp.resolve("grid.png"), images, 3, 1, 2, 2);
    BufferedImage png = ImageIO.read(file.toFile());

    // 2 columns, 2 rows of 6×6 tiles with 1 px padding.
    assertThat(png.getWidth()).isEqualTo(1 + 2 * 7);
    assertThat(png.getHeight()).isEqualTo(1 + 2 * 7);
    assertThat(png.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x000000);
    assertThat(png.getRGB(8 + 5, 1 + 5) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    // Third image, second row: pixel (1,0) is 0 → 128 gray; pixel (0,1) is 0.5 → 191.
    assertThat(png.getRGB(1 + 3, 8) & 0xFF).isEqualTo(128);
    assertThat(png.getRGB(1, 8 + 3) & 0xFF).isEqualTo(191);
    // Padding stays background.
    assertThat(png.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  @Test
  void readsRgbPlanes() {
    float[] rgb = {1, -1, -1}; // one 1×1 pixel: red plane 1, green -1, blue -1
    BufferedImage image = new ImageGrid(1, 0, 1).render(rgb, 1, 3, 1, 1);
    assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
  }

  @Test
  void rejectsWrongSizes() {
    assertThatThrownBy(() -> new ImageGrid(2, 0, 1).render(new float[5], 1, 1, 2, 2))
        .hasMessageContaining("expected 1×1×2×2 values, got 5");
  }

  @Test
  void clipsOutOfRangeValues() {
    assertThat(ImageGrid.toByte(-3f)).isZero();
    assertThat(ImageGrid.toByte(7f)).isEqualTo(255);
  }
}
