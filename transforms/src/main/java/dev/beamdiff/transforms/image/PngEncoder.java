package dev.beamdiff.transforms.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes 8-bit gray or RGB images as lossless PNG files (8 bits per sample, no alpha). */
public final class PngEncoder {
  private PngEncoder() {}

  public static byte[] encode(UInt8Image image) {
    int w = image.width();
    int h = image.height();
    int c = image.channels();
    int[] bandOffsets = c == 1 ? new int[] {0} : new int[] {0, 1, 2};
    WritableRaster raster =
        Raster.createInterleavedRaster(
            new DataBufferByte(image.pixels(), image.pixels().length),
            w,
            h,
            w * c,
            c,
            bandOffsets,
            null);
    ColorSpace space = ColorSpace.getInstance(c == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
    ComponentColorModel model =
        new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    BufferedImage buffered = new BufferedImage(model, raster, false, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream(image.pixels().length / 2 + 128);
    // A memory-cached stream: ImageIO.write would buffer through a temporary file.
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(buffered);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed for " + image, e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
