package dev.beamdiff.transforms.image;

import dev.beamdiff.transforms.image.PillowResampler.Filter;
import java.io.Serializable;

/**
 * Makes an image exactly {@code size × size} with one of the {@link Fit} policies, resizing with
 * {@link PillowResampler}. Each policy equals these Pillow calls on a {@code w × h} image:
 *
 * <ul>
 *   <li>{@code CROP}: {@code s = min(w, h)}; {@code im.crop(((w−s)//2, (h−s)//2, (w−s)//2 + s,
 *       (h−s)//2 + s)).resize((size, size), filter)}.
 *   <li>{@code PAD}: if {@code max(w, h) > size}, {@code im.resize((w', h'), filter)} where the
 *       longer side becomes {@code size} and the shorter {@code max(1, floor(side·size/max(w,h) +
 *       0.5))}; then {@code Image.new(mode, (size, size), padValue).paste(im, ((size−w')//2,
 *       (size−h')//2))}. Images that already fit are padded only.
 *   <li>{@code SQUASH}: {@code im.resize((size, size), filter)}.
 * </ul>
 *
 * @param size side of the output square, at least 1
 * @param padValue fill value of the {@code PAD} canvas, in [0, 255], for every channel
 */
public record ImageFitter(int size, Fit fit, Filter filter, int padValue) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ImageFitter {
    if (size < 1) {
      throw new IllegalArgumentException("output size must be at least 1, got " + size);
    }
    if (padValue < 0 || padValue > 255) {
      throw new IllegalArgumentException("pad value must be in [0, 255], got " + padValue);
    }
    if (fit == null || filter == null) {
      throw new IllegalArgumentException("fit and filter are required");
    }
  }

  /** {@code image} fitted to {@code size × size}, same channels. */
  public UInt8Image apply(UInt8Image image) {
    return switch (fit) {
      case SQUASH -> PillowResampler.resize(image, size, size, filter);
      case CROP -> PillowResampler.resize(centreSquare(image), size, size, filter);
      case PAD -> pad(image);
    };
  }

  private static UInt8Image centreSquare(UInt8Image image) {
    int side = Math.min(image.width(), image.height());
    int left = (image.width() - side) / 2;
    int top = (image.height() - side) / 2;
    return crop(image, left, top, side, side);
  }

  private UInt8Image pad(UInt8Image image) {
    int w = image.width();
    int h = image.height();
    int longest = Math.max(w, h);
    UInt8Image fitted = image;
    if (longest > size) {
      int newW = w == longest ? size : shorterSide(w, longest);
      int newH = h == longest ? size : shorterSide(h, longest);
      fitted = PillowResampler.resize(image, newW, newH, filter);
    }
    UInt8Image canvas = UInt8Image.filled(size, size, image.channels(), padValue);
    paste(fitted, canvas, (size - fitted.width()) / 2, (size - fitted.height()) / 2);
    return canvas;
  }

  private int shorterSide(int side, int longest) {
    return Math.max(1, (int) Math.floor((double) side * size / longest + 0.5));
  }

  /** The {@code width × height} region of {@code image} whose top-left pixel is (left, top). */
  static UInt8Image crop(UInt8Image image, int left, int top, int width, int height) {
    if (left == 0 && top == 0 && width == image.width() && height == image.height()) {
      return image;
    }
    int c = image.channels();
    byte[] out = new byte[width * height * c];
    for (int y = 0; y < height; y++) {
      System.arraycopy(
          image.pixels(), ((top + y) * image.width() + left) * c, out, y * width * c, width * c);
    }
    return new UInt8Image(height, width, c, out);
  }

  /** Copies {@code src} into {@code dst} (which it must fit in) with its top-left at (x, y). */
  private static void paste(UInt8Image src, UInt8Image dst, int x, int y) {
    int c = src.channels();
    for (int row = 0; row < src.height(); row++) {
      System.arraycopy(
          src.pixels(),
          row * src.width() * c,
          dst.pixels(),
          ((y + row) * dst.width() + x) * c,
          src.width() * c);
    }
  }
}
