package dev.beamdiff.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageFitterTest {

  static Stream<Arguments> pillowCases() {
    return PillowFixtures.cases("fit").stream()
        .map(c -> Arguments.of(c.get("expected").getAsString(), c));
  }

  /** Channel conversion then fitting equals Pillow's convert(mode) then crop/pad/resize. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pillowCases")
  void convertThenFitEqualsPillow(String name, JsonObject c) {
    UInt8Image source =
        new UInt8Image(
            c.get("height").getAsInt(),
            c.get("width").getAsInt(),
            3,
            PillowFixtures.bytes(c.get("source").getAsString()));
    int size = c.get("size").getAsInt();
    ImageFitter fitter =
        new ImageFitter(
            size,
            Fit.parse(c.get("fit").getAsString()),
            Filter.parse(c.get("filter").getAsString()),
            c.get("padValue").getAsInt());

    UInt8Image out =
        fitter.apply(ChannelConversion.toChannels(source, c.get("channels").getAsInt()));

    assertThat(out.height()).isEqualTo(size);
    assertThat(out.width()).isEqualTo(size);
    assertThat(out.pixels()).isEqualTo(PillowFixtures.bytes(c.get("expected").getAsString()));
  }

  @Test
  void padCentresASmallImageWithoutResizingIt() {
    UInt8Image dot = UInt8Image.filled(2, 3, 1, 255);
    UInt8Image out = new ImageFitter(6, Fit.PAD, Filter.BICUBIC, 7).apply(dot);
    StringBuilder rows = new StringBuilder();
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 6; x++) {
        rows.append(out.get(y, x, 0) == 255 ? '#' : '.');
      }
      rows.append('/');
    }
    // left = (6 - 3) / 2 = 1, top = (6 - 2) / 2 = 2
    assertThat(rows).hasToString("....../....../.###../.###../....../....../");
    assertThat(out.get(0, 0, 0)).isEqualTo(7);
  }

  @Test
  void cropTakesTheCentreSquare() {
    byte[] pixels = new byte[2 * 5];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) i;
    }
    UInt8Image wide = new UInt8Image(2, 5, 1, pixels);
    UInt8Image out = new ImageFitter(2, Fit.CROP, Filter.BILINEAR, 0).apply(wide);
    // columns 1 and 2 of rows 0 and 1
    assertThat(out.pixels()).containsExactly(ChannelConversionTest.bytes(1, 2, 6, 7));
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> new ImageFitter(0, Fit.CROP, Filter.BICUBIC, 0))
        .hasMessageContaining("output size must be at least 1, got 0");
    assertThatThrownBy(() -> new ImageFitter(8, Fit.PAD, Filter.BICUBIC, 256))
        .hasMessageContaining("pad value must be in [0, 255], got 256");
    assertThatThrownBy(() -> Fit.parse("stretch"))
        .hasMessageContaining("unknown fit 'stretch': expected one of [crop, pad, squash]");
  }
}
