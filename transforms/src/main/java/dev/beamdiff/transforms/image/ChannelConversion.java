package dev.beamdiff.transforms.image;

/**
 * Converts between gray (1 channel) and RGB (3 channels) exactly as Pillow's {@code
 * Image.convert("L")} and {@code Image.convert("RGB")} do ({@code libImaging/Convert.c}).
 *
 * <ul>
 *   <li>RGB → gray: ITU-R BT.601 luma in 16-bit fixed point, {@code L = (19595·R + 38470·G + 7471·B
 *       + 2^15) >> 16}. The weights are 0.299, 0.587 and 0.114 scaled by 2^16; they sum to 2^16, so
 *       gray pixels keep their value, and adding 2^15 rounds half up.
 *   <li>gray → RGB: the gray value in all three channels.
 * </ul>
 */
public final class ChannelConversion {
  private ChannelConversion() {}

  /** {@code image} with {@code channels} channels (1 or 3); the same image if it has them. */
  public static UInt8Image toChannels(UInt8Image image, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
    }
    if (image.channels() == channels) {
      return image;
    }
    return channels == 1 ? toGray(image) : toRgb(image);
  }

  private static UInt8Image toGray(UInt8Image rgb) {
    byte[] in = rgb.pixels();
    byte[] out = new byte[in.length / 3];
    for (int i = 0, j = 0; i < out.length; i++, j += 3) {
      out[i] = (byte) luma(in[j] & 0xFF, in[j + 1] & 0xFF, in[j + 2] & 0xFF);
    }
    return new UInt8Image(rgb.height(), rgb.width(), 1, out);
  }

  private static UInt8Image toRgb(UInt8Image gray) {
    byte[] in = gray.pixels();
    byte[] out = new byte[in.length * 3];
    for (int i = 0, j = 0; i < in.length; i++, j += 3) {
      out[j] = in[i];
      out[j + 1] = in[i];
      out[j + 2] = in[i];
    }
    return new UInt8Image(gray.height(), gray.width(), 3, out);
  }

  /** Pillow's {@code L24} luma of one RGB pixel, in [0, 255]. */
  static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }
}
