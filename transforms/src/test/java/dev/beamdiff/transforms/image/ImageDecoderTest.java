package dev.beamdiff.transforms.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDecoderTest {

  static Stream<Arguments> pillowFiles() {
    return PillowFixtures.cases("decode").stream()
        .map(c -> Arguments.of(c.get("file").getAsString(), c));
  }

  /**
   * Decoding then converting to L and RGB gives Pillow's convert("L") / convert("RGB") pixels:
   * exactly for lossless formats, within a few levels for JPEG (different IDCT rounding).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("pillowFiles")
  void pixelsMatchPillow(String name, JsonObject c) {
    UInt8Image decoded =
        ImageDecoder.decode(
            PillowFixtures.bytes(c.get("file").getAsString()), ImageDecoder.PILLOW_MAX_PIXELS);
    String mode = c.get("pillowMode").getAsString();
    assertThat(decoded.channels()).isEqualTo(mode.equals("L") || mode.equals("LA") ? 1 : 3);
    assertThat(decoded.width()).isEqualTo(c.get("width").getAsInt());
    assertThat(decoded.height()).isEqualTo(c.get("height").getAsInt());

    for (int channels : new int[] {1, 3}) {
      byte[] expected = PillowFixtures.bytes(c.get(channels == 1 ? "L" : "RGB").getAsString());
      byte[] actual = ChannelConversion.toChannels(decoded, channels).pixels();
      if (c.get("lossy").getAsBoolean()) {
        assertThat(maxAbsDifference(actual, expected)).isLessThanOrEqualTo(3);
        assertThat(meanAbsDifference(actual, expected)).isLessThan(1.0);
      } else {
        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  @Test
  void pngRoundTripIsLossless() {
    byte[] pixels = new byte[7 * 5 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37);
    }
    for (UInt8Image image :
        new UInt8Image[] {
          new UInt8Image(7, 5, 3, pixels), new UInt8Image(7, 15, 1, pixels.clone())
        }) {
      byte[] png = PngEncoder.encode(image);
      assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
      assertThat(ImageDecoder.decode(png, 1000)).isEqualTo(image);
    }
  }

  @Test
  void sixteenBitSamplesKeepTheirHighByte() {
    byte[] raw = new byte[2 * 3 * 2];
    int[] values = {0, 255, 256, 4660, 65280, 65535};
    for (int i = 0; i < values.length; i++) {
      raw[2 * i] = (byte) (values[i] >> 8);
      raw[2 * i + 1] = (byte) values[i];
    }
    byte[] png = HandMadePng.of(3, 2, 16, 0, raw);
    assertThat(ImageDecoder.decode(png, 100).pixels())
        .containsExactly(ChannelConversionTest.bytes(0, 0, 1, 18, 255, 255));
  }

  @Test
  void emptyFilesAreRefused() {
    assertThatThrownBy(() -> ImageDecoder.decode(new byte[0], 100))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessage("empty file (0 bytes)");
  }

  @Test
  void unknownFormatsAreRefusedWithTheirFirstBytes() {
    assertThatThrownBy(() -> ImageDecoder.decode("hello, world".getBytes(), 100))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("unsupported format")
        .hasMessageContaining("68 65 6c 6c 6f 2c 20 77");
  }

  @Test
  void filesCutShortAreRefused() {
    byte[] png = PngEncoder.encode(UInt8Image.filled(40, 40, 3, 9));
    byte[] jpeg = jpeg(noise(64, 64));
    for (byte[] whole : new byte[][] {png, jpeg}) {
      byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
      assertThatThrownBy(() -> ImageDecoder.decode(cut, 10_000))
          .isInstanceOf(ImageDecodeException.class)
          .hasMessageMatching("corrupt or truncated (PNG|JPEG) data: .+");
    }
    byte[] headerOnly = Arrays.copyOf(jpeg, 200);
    assertThatThrownBy(() -> ImageDecoder.decode(headerOnly, 10_000))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("corrupt JPEG");
  }

  @Test
  void imagesAbovePixelLimitAreRefusedFromTheHeaderAlone() {
    // A 30000×30000 gray PNG header whose data would need 900 MB: only the header is read.
    byte[] bomb = HandMadePng.of(30_000, 30_000, 8, 0, new byte[30_001]);
    assertThatThrownBy(() -> ImageDecoder.decode(bomb, ImageDecoder.PILLOW_MAX_PIXELS))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("30000×30000 = 900000000 pixels exceeds the limit of 89478485")
        .hasMessageContaining("decompression bomb");
  }

  @Test
  void zeroSizeHeadersAreRefused() {
    assertThatThrownBy(() -> ImageDecoder.decode(HandMadePng.of(0, 5, 8, 0, new byte[0]), 100))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("PNG");
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static byte[] jpeg(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int maxAbsDifference(byte[] a, byte[] b) {
    assertThat(a).hasSameSizeAs(b);
    int max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
    }
    return max;
  }

  private static double meanAbsDifference(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
    return (double) sum / a.length;
  }
}
