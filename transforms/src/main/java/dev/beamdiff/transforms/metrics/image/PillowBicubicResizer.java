package dev.beamdiff.transforms.metrics.image;

/**
 * clean-fid's "clean" resize: Pillow's {@code Image.resize(..., BICUBIC)} on a float32 ('F' mode)
 * plane per channel, without quantisation; {@link InputPreparation} clips the result to [0, 255]
 * afterwards, as clean-fid does.
 *
 * <p><b>Adapter point.</b> The Pillow-exact resampler ({@code
 * dev.beamdiff.transforms.image.PillowResampler}) is written on another branch. When it is merged,
 * {@link #resize} becomes {@code return PillowResampler.resize(plane, width, height, outWidth,
 * outHeight, PillowResampler.Filter.BICUBIC);}. Until then, resizing fails with a message saying
 * so, and evaluation works for inputs already at the detector's size (28×28 for {@code fmnist},
 * 299×299 for {@code inception}).
 */
public final class PillowBicubicResizer implements InputResizer {
  private static final long serialVersionUID = 1L;

  @Override
  public String description() {
    return "clean (Pillow bicubic on float32 planes, clipped to [0, 255])";
  }

  @Override
  public float[] resize(float[] plane, int width, int height, int outWidth, int outHeight) {
    throw new UnsupportedOperationException(
        "resizing "
            + width
            + "×"
            + height
            + " inputs to "
            + outWidth
            + "×"
            + outHeight
            + " needs the Pillow-exact resampler, which is not wired into this build yet"
            + " (see PillowBicubicResizer); give inputs at the detector's size");
  }
}
