package dev.beamdiff.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
  @TempDir Path tmp;

  @Test
  void writesAPngOfTheRequestedSize() throws Exception {
    double[] x = {1, 2, 4, 8};
    Path file =
        new LineChart("error vs steps", "steps", "error")
            .series("euler", x, new double[] {1, 0.5, 0.25, 0.125})
            .series("heun", x, new double[] {1, 0.25, 0.0625, 0.015625})
            .logAxes(true, true)
            .markers(true)
            .write(tmp.resolve("plots/err.png"), 640, 400);

    BufferedImage png = ImageIO.read(file.toFile());
    assertThat(png.getWidth()).isEqualTo(640);
    assertThat(png.getHeight()).isEqualTo(400);
  }

  @Test
  void drawsEachSeriesInItsPaletteColour() throws Exception {
    double[] x = {0, 1, 2};
    Path file =
        new LineChart("two lines", "x", "y")
            .series("up", x, new double[] {0, 1, 2})
            .series("down", x, new double[] {2, 1, 0})
            .write(tmp.resolve("lines.png"), 400, 300);

    BufferedImage png = ImageIO.read(file.toFile());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < png.getHeight(); y++) {
      for (int i = 0; i < png.getWidth(); i++) {
        colours.add(png.getRGB(i, y) & 0xFFFFFF);
      }
    }
    assertThat(colours)
        .contains(
            LineChart.PALETTE.get(0).getRGB() & 0xFFFFFF,
            LineChart.PALETTE.get(1).getRGB() & 0xFFFFFF);
  }

  @Test
  void rejectsMismatchedSeries() {
    assertThatThrownBy(() -> new LineChart("t", "x", "y").series("s", new double[2], new double[3]))
        .hasMessageContaining("series 's': 2 x values but 3 y values");
  }
}
