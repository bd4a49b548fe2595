package dev.beamdiff.transforms.image;

/** Bytes that are not an image BeamDiff can read; the message says what is wrong with them. */
public final class ImageDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
