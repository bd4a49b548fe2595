package dev.beamdiff.transforms.metrics.image;

import dev.beamdiff.transforms.image.PillowResampler;

/**
 * clean-fid's "clean" resize: Pillow's {@code Image.resize(..., BICUBIC)} on a float32 ('F' mode)
 * plane per channel, without quantisation, by {@link PillowResampler}; {@link InputPreparation}
 * clips the result to [0, 255] afterwards, as clean-fid does.
 */
public final class PillowBicubicResizer implements InputResizer {
  private static final long serialVersionUID = 1L;

  @Override
  public String description() {
    return "clean (Pillow bicubic on float32 planes, clipped to [0, 255])";
  }

  @Override
  public float[] resize(float[] plane, int width, int height, int outWidth, int outHeight) {
    return PillowResampler.resize(
        plane, width, height, outWidth, outHeight, PillowResampler.Filter.BICUBIC);
  }
}
