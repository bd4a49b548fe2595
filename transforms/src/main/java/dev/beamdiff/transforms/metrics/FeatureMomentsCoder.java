package dev.beamdiff.transforms.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The accumulator coder of {@link FeatureMomentsFn}: dimension and count as var-ints, then the mean
 * and the upper triangle of the scatter matrix as big-endian float64, row by row. Half the size of
 * the full matrix (16 MiB instead of 32 MiB at 2,048 dimensions) and deterministic.
 */
public final class FeatureMomentsCoder extends CustomCoder<FeatureMoments> {
  private static final FeatureMomentsCoder INSTANCE = new FeatureMomentsCoder();

  public static FeatureMomentsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(FeatureMoments moments, OutputStream out) throws IOException {
    int d = moments.dimension();
    VarIntCoder.of().encode(d, out);
    VarLongCoder.of().encode(moments.count(), out);
    ArrayCoding.writeDoubles(out, moments.mean(), 0, d);
    writeUpper(out, moments.scatterUpper(), d);
  }

  @Override
  public FeatureMoments decode(InputStream in) throws IOException {
    int d = VarIntCoder.of().decode(in);
    long count = VarLongCoder.of().decode(in);
    if (d == 0 && count == 0) {
      return new FeatureMoments();
    }
    checkDimension(d);
    double[] mean = new double[d];
    ArrayCoding.readDoubles(in, mean, 0, d);
    double[] scatter = new double[d * d];
    readUpper(in, scatter, d);
    return new FeatureMoments(d, count, mean, scatter);
  }

  @Override
  public void verifyDeterministic() {}

  static void writeUpper(OutputStream out, double[] matrix, int d) throws IOException {
    ArrayCoding.writeUpperTriangle(out, matrix, d);
  }

  /** Reads an upper triangle written by {@link #writeUpper}; the lower triangle stays unset. */
  static void readUpper(InputStream in, double[] matrix, int d) throws IOException {
    ArrayCoding.readUpperTriangle(in, matrix, d);
  }

  static int readDimension(InputStream in) throws IOException {
    return checkDimension(VarIntCoder.of().decode(in));
  }

  private static int checkDimension(int d) throws IOException {
    if (d <= 0 || d > 1 << 15) {
      throw new IOException(
          "corrupt metric record: feature dimension " + d + " is outside [1, 32768]");
    }
    return d;
  }
}
