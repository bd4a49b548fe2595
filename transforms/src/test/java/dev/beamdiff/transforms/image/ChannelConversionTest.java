package dev.beamdiff.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelConversionTest {

  @Test
  void rgbToGrayIsPillowsFixedPointBt601Luma() {
    UInt8Image rgb = new UInt8Image(1, 4, 3, bytes(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30));
    UInt8Image gray = ChannelConversion.toChannels(rgb, 1);
    // 0.299·255 = 76.2, 0.587·255 = 149.7, 0.114·255 = 29.1, rounded in 16-bit fixed point;
    // 0.299·10 + 0.587·200 + 0.114·30 = 123.8
    assertThat(gray.pixels()).containsExactly(bytes(76, 150, 29, 124));
  }

  @Test
  void grayPixelsKeepTheirValueThroughRgbAndBack() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    UInt8Image gray = new UInt8Image(16, 16, 1, all);
    UInt8Image rgb = ChannelConversion.toChannels(gray, 3);
    assertThat(rgb.get(3, 5, 0)).isEqualTo(53);
    assertThat(rgb.get(3, 5, 1)).isEqualTo(53);
    assertThat(rgb.get(3, 5, 2)).isEqualTo(53);
    assertThat(ChannelConversion.toChannels(rgb, 1)).isEqualTo(gray);
    assertThat(ChannelConversion.toChannels(gray, 1)).isSameAs(gray);
  }

  @Test
  void otherChannelCountsAreRejected() {
    assertThatThrownBy(() -> ChannelConversion.toChannels(UInt8Image.filled(2, 2, 1, 0), 4))
        .hasMessageContaining("channels must be 1 (gray) or 3 (RGB), got 4");
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
