package dev.beamdiff.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
  @TempDir Path tmp;

  private static void png(Path file, int w, int h, int rgb) throws Exception {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  @Test
  void subfoldersBecomeSortedClasses() throws Exception {
    png(tmp.resolve("dogs/a.png"), 4, 3, 0x102030);
    png(tmp.resolve("cats/b.png"), 4, 3, 0x405060);
    png(tmp.resolve("cats/c.png"), 4, 3, 0x708090);

    LabeledImages images = ImageFolderDataset.load(tmp);

    assertThat(images.classNames()).containsExactly("cats", "dogs");
    assertThat(images.labels()).containsExactly(0, 0, 1);
    assertThat(images.channels()).isEqualTo(3);
    assertThat(images.pixels()[0] & 0xFF).isEqualTo(0x40);
    assertThat(images.pixels()[2 * 12 * 3 + 2] & 0xFF).isEqualTo(0x30);
  }

  @Test
  void flatFolderIsUnlabeled() throws Exception {
    png(tmp.resolve("x.png"), 2, 2, 0x000000);
    LabeledImages images = ImageFolderDataset.load(tmp);
    assertThat(images.classNames()).isEmpty();
    assertThat(images.labels()).containsExactly(-1);
  }

  @Test
  void mixedSizesAreAnErrorNamingBothFiles() throws Exception {
    png(tmp.resolve("a.png"), 2, 2, 0);
    png(tmp.resolve("b.png"), 3, 2, 0);
    assertThatThrownBy(() -> ImageFolderDataset.load(tmp))
        .hasMessageContaining("b.png is 3×2")
        .hasMessageContaining("a.png is 2×2")
        .hasMessageContaining("beamdiff preprocess");
  }

  @Test
  void undecodableFileIsAnErrorNamingIt() throws Exception {
    png(tmp.resolve("a.png"), 2, 2, 0);
    Files.write(tmp.resolve("broken.png"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> ImageFolderDataset.load(tmp)).hasMessageContaining("broken.png");
  }
}
