package dev.beamdiff.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageGenerator} on a small random network whose skip concatenation (8 + 16 channels) is
 * off oneDNN's 16-channel blocks: images depend only on their seeds, and a NaN batch is an error.
 */
@Tag("slow")
class ImageGeneratorTest {
  private static final ModelSpec SPEC =
      ModelSpec.of(
          "tiny",
          new UNetConfig(12, 1, 1, 8, List.of(1, 2), 1, List.of(), 1, 4, 1e-5f, 16, 32, 0f, 3),
          DiffusionSpec.parse("edm", null, null));

  @Test
  void imagesDependOnlyOnTheirSeedsAndAreFinite() {
    try (DiffusionModel model = DiffusionModel.create(SPEC, 3)) {
      ImageGenerator generator = new ImageGenerator(model);
      float[] all = generator.generate(request(6, 0, 4));
      float[] tail = generator.generate(request(3, 3, 3)); // other batches, other positions
      int imageSize = 12 * 12;
      assertThat(Arrays.copyOfRange(all, 3 * imageSize, 6 * imageSize)).containsExactly(tail);
      for (float v : all) {
        assertThat(v).isBetween(-1f, 1f);
      }
    }
  }

  @Test
  void aNaNBatchFailsWithTheImageIndices() {
    try (DiffusionModel model = DiffusionModel.create(SPEC, 3)) {
      Parameter bias =
          model.network().getParameters().valueAt(model.network().getParameters().size() - 1);
      NDArray array = bias.getArray();
      float[] nan = new float[Math.toIntExact(array.size())];
      Arrays.fill(nan, Float.NaN);
      array.set(nan);
      assertThatThrownBy(() -> new ImageGenerator(model).generate(request(3, 10, 2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("images 10…11 came out NaN");
    }
  }

  private static GenerationRequest request(int count, long firstIndex, int batch) {
    return new GenerationRequest("euler", 3, null, count, null, 1, 42, firstIndex, batch);
  }
}
