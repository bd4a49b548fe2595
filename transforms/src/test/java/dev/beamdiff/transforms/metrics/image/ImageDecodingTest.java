package dev.beamdiff.transforms.metrics.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecodingTest {

  private static DecodedImage gradient(int channels) {
    byte[] px = new byte[5 * 7 * channels];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    return new DecodedImage("gradient", 5, 7, channels, px);
  }

  private static ImageRecord.Builder record(DecodedImage image) {
    return ImageRecord.newBuilder()
        .setId("r1")
        .setSourceUri("test")
        .setHeight(image.height())
        .setWidth(image.width())
        .setChannels(image.channels());
  }

  @Test
  void pngRoundTripsGrayAndRgbExactly() {
    for (int channels : new int[] {1, 3}) {
      DecodedImage image = gradient(channels);
      DecodedImage back = ImageDecoding.fromEncodedBytes("x.png", ImageDecoding.toPng(image));
      assertThat(back.channels()).isEqualTo(channels);
      assertThat(back.pixels()).containsExactly(image.pixels());
    }
  }

  @Test
  void dropsAlphaLikePillowConvertRgb() throws Exception {
    BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x10_20_30_40);
    rgba.setRGB(1, 0, 0xFF_01_02_03);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(rgba, "png", png);
    DecodedImage image = ImageDecoding.fromEncodedBytes("a.png", png.toByteArray());
    assertThat(image.channels()).isEqualTo(3);
    assertThat(image.pixels()).containsExactly(0x20, 0x30, 0x40, 1, 2, 3);
  }

  @Test
  void decodesRawAndPngRecords() {
    DecodedImage image = gradient(3);
    ImageRecord raw =
        record(image)
            .setEncoding(PixelEncoding.RAW_UINT8_HWC)
            .setPixels(ByteBuffer.wrap(image.pixels()))
            .build();
    assertThat(ImageDecoding.fromRecord(raw).pixels()).containsExactly(image.pixels());
    ImageRecord png =
        record(image)
            .setEncoding(PixelEncoding.PNG)
            .setPixels(ByteBuffer.wrap(ImageDecoding.toPng(image)))
            .build();
    assertThat(ImageDecoding.fromRecord(png).pixels()).containsExactly(image.pixels());
  }

  @Test
  void explainsBadRecordsAndFiles() {
    DecodedImage image = gradient(1);
    ImageRecord wrongSize =
        record(image)
            .setEncoding(PixelEncoding.RAW_UINT8_HWC)
            .setPixels(ByteBuffer.wrap(new byte[3]))
            .build();
    assertThatThrownBy(() -> ImageDecoding.fromRecord(wrongSize))
        .hasMessageContaining("record r1")
        .hasMessageContaining("expected 5×7×1 = 35 bytes, got 3");
    ImageRecord lyingPng =
        record(image)
            .setHeight(6)
            .setEncoding(PixelEncoding.PNG)
            .setPixels(ByteBuffer.wrap(ImageDecoding.toPng(image)))
            .build();
    assertThatThrownBy(() -> ImageDecoding.fromRecord(lyingPng))
        .hasMessageContaining("declares 6×7×1 but its PNG holds 5×7×1");
    ImageRecord future =
        record(image)
            .setSchemaVersion(2)
            .setEncoding(PixelEncoding.RAW_UINT8_HWC)
            .setPixels(ByteBuffer.wrap(image.pixels()))
            .build();
    assertThatThrownBy(() -> ImageDecoding.fromRecord(future))
        .hasMessageContaining("schemaVersion 2 is not supported");
    assertThatThrownBy(() -> ImageDecoding.fromEncodedBytes("notes.txt", new byte[] {1, 2, 3}))
        .hasMessageContaining("notes.txt: not an image format");
  }
}
