package dev.beamdiff.transforms.metrics.image;

import dev.beamdiff.transforms.metrics.detector.DetectorInput;
import java.io.Serializable;
import java.util.Objects;

/**
 * Brings a {@link DecodedImage} to a detector's input: channel conversion, then resizing, as
 * float32 planes (channels first) with values in [0, 255].
 *
 * <ul>
 *   <li>gray → RGB repeats the plane (Pillow {@code convert('RGB')});
 *   <li>RGB → gray uses Pillow's {@code convert('L')} integer luma, {@code (19595 R + 38470 G +
 *       7471 B + 2¹⁵) >> 16} (ITU-R 601-2 weights 0.299, 0.587, 0.114);
 *   <li>a size other than the detector's is resized per plane with the {@link InputResizer} and
 *       clipped to [0, 255] (clean-fid); inputs already at the right size are passed unchanged.
 * </ul>
 */
public final class InputPreparation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DetectorInput target;
  private final InputResizer resizer;

  public InputPreparation(DetectorInput target, InputResizer resizer) {
    this.target = Objects.requireNonNull(target, "target");
    this.resizer = Objects.requireNonNull(resizer, "resizer");
  }

  public DetectorInput target() {
    return target;
  }

  /** Whether {@code image} has to be resized for the detector. */
  public boolean needsResize(DecodedImage image) {
    return image.height() != target.height() || image.width() != target.width();
  }

  /**
   * Writes the prepared image into {@code destination} at {@code offset}: {@link
   * DetectorInput#size()} floats, channels first.
   */
  public void prepare(DecodedImage image, float[] destination, int offset) {
    int h = image.height();
    int w = image.width();
    float[][] planes = planes(image, target.channels());
    boolean resize = needsResize(image);
    int planeSize = target.height() * target.width();
    for (int c = 0; c < planes.length; c++) {
      float[] plane = planes[c];
      if (resize) {
        plane = resizer.resize(plane, w, h, target.width(), target.height());
        if (plane.length != planeSize) {
          throw new IllegalStateException(
              "resizer returned " + plane.length + " values, expected " + planeSize);
        }
        for (int i = 0; i < plane.length; i++) {
          plane[i] = Math.min(255f, Math.max(0f, plane[i]));
        }
      }
      System.arraycopy(plane, 0, destination, offset + c * planeSize, planeSize);
    }
  }

  /** The image's planes after channel conversion to {@code channels} planes. */
  static float[][] planes(DecodedImage image, int channels) {
    int n = image.height() * image.width();
    byte[] px = image.pixels();
    float[][] planes = new float[channels][n];
    if (image.channels() == channels) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
          planes[c][i] = px[i * channels + c] & 0xFF;
        }
      }
    } else if (image.channels() == 1) {
      for (int i = 0; i < n; i++) {
        float v = px[i] & 0xFF;
        for (int c = 0; c < channels; c++) {
          planes[c][i] = v;
        }
      }
    } else if (channels == 1) {
      for (int i = 0; i < n; i++) {
        int r = px[3 * i] & 0xFF;
        int g = px[3 * i + 1] & 0xFF;
        int b = px[3 * i + 2] & 0xFF;
        planes[0][i] = (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16;
      }
    } else {
      throw new IllegalArgumentException(
          image.source()
              + ": cannot convert "
              + image.channels()
              + " channels to the detector's "
              + channels);
    }
    return planes;
  }
}
