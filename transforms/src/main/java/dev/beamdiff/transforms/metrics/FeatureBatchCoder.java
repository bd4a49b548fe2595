package dev.beamdiff.transforms.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/** Encodes a {@link FeatureBatch} as rows, dimension (var-ints) and the float32 values. */
public final class FeatureBatchCoder extends CustomCoder<FeatureBatch> {
  private static final FeatureBatchCoder INSTANCE = new FeatureBatchCoder();
  private static final VarIntCoder INT = VarIntCoder.of();

  public static FeatureBatchCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(FeatureBatch batch, OutputStream out) throws IOException {
    INT.encode(batch.rows(), out);
    INT.encode(batch.dimension(), out);
    ArrayCoding.writeFloats(out, batch.values());
  }

  @Override
  public FeatureBatch decode(InputStream in) throws IOException {
    int rows = INT.decode(in);
    int dimension = INT.decode(in);
    return new FeatureBatch(rows, dimension, ArrayCoding.readFloats(in, rows * dimension));
  }

  @Override
  public void verifyDeterministic() {}
}
