package dev.beamdiff.transforms.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files (PNG, JPEG, BMP, GIF, TIFF, WBMP: the formats {@code javax.imageio} reads)
 * into 8-bit gray or RGB images with Pillow's conventions, refusing anything suspicious with an
 * {@link ImageDecodeException} that says why.
 *
 * <ul>
 *   <li>Size is read from the header first: images with more than {@code maxPixels} pixels are
 *       refused before any pixel is decoded (decompression bombs), as Pillow refuses images above
 *       {@code Image.MAX_IMAGE_PIXELS}.
 *   <li>Gray stays gray (1 channel); palette, RGB and all else become RGB (3 channels).
 *   <li>Alpha is dropped, not composited, as in Pillow's {@code convert("RGB")} / {@code
 *       convert("L")}; palette entries are looked up; 1-, 2- and 4-bit gray is scaled to 8 bits.
 *   <li>Samples are taken as stored: no gamma or ICC profile is applied (Pillow applies none
 *       either). 16-bit samples keep their high byte.
 *   <li>A reader warning (e.g. a JPEG that ends early, which libjpeg would pad with gray) makes the
 *       file invalid rather than silently partial.
 * </ul>
 *
 * <p>PNG, BMP and GIF pixels equal Pillow's exactly; JPEG pixels can differ by a few levels because
 * the JDK's libjpeg and Pillow's libjpeg-turbo round their inverse DCT and chroma upsampling
 * differently.
 */
public final class ImageDecoder {
  /** Pillow's default {@code Image.MAX_IMAGE_PIXELS}: 1024 · 1024 · 1024 // 4 // 3. */
  public static final long PILLOW_MAX_PIXELS = 89_478_485L;

  private ImageDecoder() {}

  /**
   * Decodes one image file.
   *
   * @param data the whole file
   * @param maxPixels largest accepted width × height
   * @throws ImageDecodeException if the data is empty, not in a readable format, corrupt,
   *     truncated, larger than {@code maxPixels}, or in an unsupported color space
   */
  public static UInt8Image decode(byte[] data, long maxPixels) {
    if (data.length == 0) {
      throw new ImageDecodeException("empty file (0 bytes)");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException(
            "unsupported format: not a PNG, JPEG, BMP, GIF, TIFF or WBMP image (file starts with "
                + HexFormat.ofDelimiter(" ").formatHex(data, 0, Math.min(data.length, 8))
                + ")");
      }
      ImageReader reader = readers.next();
      try {
        return read(reader, in, maxPixels);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageDecodeException decodeException) {
        throw decodeException;
      }
      throw new ImageDecodeException("corrupt or truncated image: " + describe(e), e);
    }
  }

  private static UInt8Image read(ImageReader reader, ImageInputStream in, long maxPixels)
      throws IOException {
    String format = reader.getFormatName().toUpperCase(Locale.ROOT);
    reader.setInput(in, true, true);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException("corrupt " + format + " header: " + describe(e), e);
    }
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(
          "zero-size " + format + " image (" + width + "×" + height + " pixels)");
    }
    if ((long) width * height > maxPixels) {
      throw new ImageDecodeException(
          String.format(
              "%s image of %d×%d = %d pixels exceeds the limit of %d pixels"
                  + " (possible decompression bomb; raise --maxPixels to accept it)",
              format, width, height, (long) width * height, maxPixels));
    }
    BufferedImage image;
    try {
      image = reader.read(0, null);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException("corrupt or truncated " + format + " data: " + describe(e), e);
    }
    if (!warnings.isEmpty()) {
      throw new ImageDecodeException(
          "corrupt or truncated " + format + " data: " + String.join("; ", warnings));
    }
    return toUInt8(image, format);
  }

  /** The image's pixels as gray or RGB bytes, following Pillow's mode conversions. */
  static UInt8Image toUInt8(BufferedImage image, String format) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    if (model instanceof IndexColorModel palette) {
      int[] index = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      byte[] rgb = new byte[w * h * 3];
      for (int i = 0; i < index.length; i++) {
        int argb = palette.getRGB(index[i]);
        rgb[3 * i] = (byte) (argb >> 16);
        rgb[3 * i + 1] = (byte) (argb >> 8);
        rgb[3 * i + 2] = (byte) argb;
      }
      return new UInt8Image(h, w, 3, rgb);
    }
    int colors = model.getNumColorComponents();
    int colorSpace = model.getColorSpace().getType();
    boolean plainSamples =
        model instanceof ComponentColorModel
            && ((colors == 1 && colorSpace == ColorSpace.TYPE_GRAY)
                || (colors == 3 && colorSpace == ColorSpace.TYPE_RGB));
    if (plainSamples) {
      int transfer = raster.getTransferType();
      if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT) {
        throw new ImageDecodeException(
            "unsupported " + format + " sample type (only 1 to 16 bits per sample are read)");
      }
      int shift = transfer == DataBuffer.TYPE_USHORT ? 8 : 0;
      int bands = raster.getNumBands();
      int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
      byte[] out = new byte[w * h * colors];
      for (int p = 0, s = 0, o = 0; p < w * h; p++, s += bands) {
        for (int c = 0; c < colors; c++) {
          out[o++] = (byte) (samples[s + c] >> shift);
        }
      }
      return new UInt8Image(h, w, colors, out);
    }
    if (colorSpace != ColorSpace.TYPE_RGB && colorSpace != ColorSpace.TYPE_GRAY) {
      throw new ImageDecodeException(
          "unsupported "
              + format
              + " color space (type "
              + colorSpace
              + "; only gray, RGB and palette images are read, not CMYK or YCCK)");
    }
    // Packed RGB (e.g. 16- and 32-bit BMP): the color model unpacks to 8-bit sRGB.
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return new UInt8Image(h, w, 3, rgb);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    String text = message == null ? e.getClass().getSimpleName() : message;
    if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
      text += " (" + cause.getMessage() + ")";
    }
    return text;
  }
}
