package dev.beamdiff.transforms.metrics.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/** Encodes a {@link DecodedImage}: source, height, width, channels, then the pixel bytes. */
public final class DecodedImageCoder extends CustomCoder<DecodedImage> {
  private static final DecodedImageCoder INSTANCE = new DecodedImageCoder();

  public static DecodedImageCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DecodedImage image, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(image.source(), out);
    VarIntCoder.of().encode(image.height(), out);
    VarIntCoder.of().encode(image.width(), out);
    VarIntCoder.of().encode(image.channels(), out);
    ByteArrayCoder.of().encode(image.pixels(), out);
  }

  @Override
  public DecodedImage decode(InputStream in) throws IOException {
    return new DecodedImage(
        StringUtf8Coder.of().decode(in),
        VarIntCoder.of().decode(in),
        VarIntCoder.of().decode(in),
        VarIntCoder.of().decode(in),
        ByteArrayCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
