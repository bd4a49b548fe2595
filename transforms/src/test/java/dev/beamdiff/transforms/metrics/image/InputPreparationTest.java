package dev.beamdiff.transforms.metrics.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.transforms.metrics.detector.DetectorInput;
import org.junit.jupiter.api.Test;

class InputPreparationTest {

  /** Nearest-neighbour test resizer that also overshoots to check the [0, 255] clipping. */
  private static final InputResizer NEAREST_OVERSHOOT =
      (plane, w, h, ow, oh) -> {
        float[] out = new float[ow * oh];
        for (int y = 0; y < oh; y++) {
          for (int x = 0; x < ow; x++) {
            out[y * ow + x] = plane[(y * h / oh) * w + (x * w / ow)] * 2 - 100;
          }
        }
        return out;
      };

  @Test
  void grayBecomesThreeEqualPlanes() {
    DecodedImage gray = new DecodedImage("g", 1, 2, 1, new byte[] {10, (byte) 250});
    float[] out = new float[6];
    new InputPreparation(new DetectorInput(3, 1, 2), NEAREST_OVERSHOOT).prepare(gray, out, 0);
    assertThat(out).containsExactly(10, 250, 10, 250, 10, 250);
  }

  @Test
  void rgbBecomesPillowLuma() {
    // Pillow: Image.new('RGB', (1, 1), (200, 100, 50)).convert('L').getpixel((0, 0)) == 124,
    // (255, 0, 0) → 76, (0, 0, 255) → 29.
    DecodedImage rgb =
        new DecodedImage(
            "c", 1, 3, 3, new byte[] {(byte) 200, 100, 50, (byte) 255, 0, 0, 0, 0, (byte) 255});
    float[] out = new float[3];
    new InputPreparation(new DetectorInput(1, 1, 3), NEAREST_OVERSHOOT).prepare(rgb, out, 0);
    assertThat(out).containsExactly(124, 76, 29);
  }

  @Test
  void resizesPerPlaneAndClipsOnlyWhenSizesDiffer() {
    DecodedImage image = new DecodedImage("r", 2, 2, 1, new byte[] {0, 60, (byte) 200, 100});
    InputPreparation preparation =
        new InputPreparation(new DetectorInput(1, 4, 4), NEAREST_OVERSHOOT);
    assertThat(preparation.needsResize(image)).isTrue();
    float[] out = new float[1 + 16];
    preparation.prepare(image, out, 1);
    // 0 → -100 → 0, 60 → 20, 200 → 300 → 255, 100 → 100.
    assertThat(out)
        .containsExactly(0, 0, 0, 20, 20, 0, 0, 20, 20, 255, 255, 100, 100, 255, 255, 100, 100);
  }

  @Test
  void thePillowAdapterResizesWithTheCleanFidConvention() {
    // A constant image stays constant under any normalised filter; bicubic overshoot at a step
    // edge is clipped back into [0, 255].
    DecodedImage flat = new DecodedImage("s", 2, 2, 1, new byte[] {100, 100, 100, 100});
    InputPreparation preparation =
        new InputPreparation(new DetectorInput(1, 28, 28), new PillowBicubicResizer());
    float[] out = new float[784];
    preparation.prepare(flat, out, 0);
    for (float v : out) {
      assertThat(v).isCloseTo(100f, org.assertj.core.data.Offset.offset(1e-3f));
    }
    DecodedImage step = new DecodedImage("e", 1, 4, 1, new byte[] {0, 0, (byte) 255, (byte) 255});
    float[] edge = new float[8];
    new InputPreparation(new DetectorInput(1, 1, 8), new PillowBicubicResizer())
        .prepare(step, edge, 0);
    for (float v : edge) {
      assertThat(v).isBetween(0f, 255f);
    }
    assertThat(edge[0]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-3f));
    assertThat(edge[7]).isCloseTo(255f, org.assertj.core.data.Offset.offset(1e-3f));
  }
}
