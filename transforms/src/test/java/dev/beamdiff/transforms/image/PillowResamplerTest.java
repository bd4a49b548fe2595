package dev.beamdiff.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PillowResamplerTest {

  static Stream<Arguments> floatCases() {
    return PillowFixtures.cases("resize").stream()
        .filter(c -> str(c, "mode").equals("F"))
        .map(c -> Arguments.of(str(c, "expected"), c));
  }

  static Stream<Arguments> byteCases() {
    return PillowFixtures.cases("resize").stream()
        .filter(c -> !str(c, "mode").equals("F"))
        .map(c -> Arguments.of(str(c, "expected"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floatCases")
  void floatPlanesAreBitIdenticalToPillowModeF(String name, JsonObject c) {
    float[] in = PillowFixtures.floats(str(c, "input"));
    float[] expected = PillowFixtures.floats(str(c, "expected"));

    float[] out =
        PillowResampler.resize(
            in,
            num(c, "width"),
            num(c, "height"),
            num(c, "outWidth"),
            num(c, "outHeight"),
            Filter.parse(str(c, "filter")));

    assertThat(out).hasSize(expected.length);
    for (int i = 0; i < out.length; i++) {
      int index = i;
      assertThat(Float.floatToIntBits(out[i]))
          .as(() -> "sample " + index + ": " + out[index] + " vs Pillow " + expected[index])
          .isEqualTo(Float.floatToIntBits(expected[i]));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("byteCases")
  void eightBitImagesAreIdenticalToPillowModesLAndRgb(String name, JsonObject c) {
    byte[] in = PillowFixtures.bytes(str(c, "input"));
    byte[] expected = PillowFixtures.bytes(str(c, "expected"));

    byte[] out =
        PillowResampler.resize(
            in,
            num(c, "width"),
            num(c, "height"),
            num(c, "channels"),
            num(c, "outWidth"),
            num(c, "outHeight"),
            Filter.parse(str(c, "filter")));

    assertThat(out).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Filter.class)
  void constantImagesStayConstantBecauseWeightsAreNormalised(Filter filter) {
    float[] plane = new float[13 * 7];
    Arrays.fill(plane, 42.5f);
    float[] out = PillowResampler.resize(plane, 13, 7, 5, 19, filter);
    assertThat(out).containsOnly(42.5f);

    UInt8Image gray = UInt8Image.filled(7, 13, 3, 200);
    assertThat(PillowResampler.resize(gray, 29, 3, filter))
        .isEqualTo(UInt8Image.filled(3, 29, 3, 200));
  }

  @Test
  void bilinearHalvingAveragesPixelPairs() {
    // Shrinking by 2: scale 2, kernel widened to support 2; the centre of output j is at 2j + 1,
    // so input pixels 2j and 2j+1 (centres 2j+0.5, 2j+1.5) get triangle weight 0.75 each and
    // their outer neighbours 0.25 each, renormalised at the borders.
    float[] row = {0, 4, 8, 12};
    float[] out = PillowResampler.resize(row, 4, 1, 2, 1, Filter.BILINEAR);
    assertThat(out[0]).isEqualTo((0 * 0.75f + 4 * 0.75f + 8 * 0.25f) / 1.75f);
    assertThat(out[1]).isEqualTo((4 * 0.25f + 8 * 0.75f + 12 * 0.75f) / 1.75f);
  }

  @Test
  void bicubicKernelIsKeysCubicWithAMinusHalf() {
    assertThat(Filter.BICUBIC.kernel(0)).isEqualTo(1.0);
    assertThat(Filter.BICUBIC.kernel(1)).isEqualTo(0.0);
    assertThat(Filter.BICUBIC.kernel(2)).isEqualTo(0.0);
    assertThat(Filter.BICUBIC.kernel(0.5)).isEqualTo(0.5625);
    assertThat(Filter.BICUBIC.kernel(-1.5)).isEqualTo(-0.0625);
    assertThat(Filter.BILINEAR.kernel(-0.25)).isEqualTo(0.75);
  }

  @Test
  void sameSizeIsACopy() {
    byte[] pixels = {1, 2, 3, 4, 5, 6};
    byte[] out = PillowResampler.resize(pixels, 3, 2, 1, 3, 2, Filter.BICUBIC);
    assertThat(out).isEqualTo(pixels).isNotSameAs(pixels);
  }

  @Test
  void badSizesAreRejectedWithTheSizesInTheMessage() {
    assertThatThrownBy(() -> PillowResampler.resize(new float[6], 3, 2, 0, 2, Filter.BICUBIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3×2 to 0×2");
    assertThatThrownBy(() -> PillowResampler.resize(new byte[5], 3, 2, 1, 4, 4, Filter.BILINEAR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 6 samples, got 5");
    assertThatThrownBy(() -> Filter.parse("lanczos"))
        .hasMessageContaining("unknown resampling filter 'lanczos'")
        .hasMessageContaining("bicubic");
  }

  private static String str(JsonObject c, String key) {
    return c.get(key).getAsString();
  }

  private static int num(JsonObject c, String key) {
    return c.get(key).getAsInt();
  }
}
