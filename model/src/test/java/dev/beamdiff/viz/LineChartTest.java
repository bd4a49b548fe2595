package dev.beamdiff.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
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
  void rejectsMismatchedSeries() {
    assertThatThrownBy(() -> new LineChart("t", "x", "y").series("s", new double[2], new double[3]))
        .hasMessageContaining("series 's': 2 x values but 3 y values");
  }
}
