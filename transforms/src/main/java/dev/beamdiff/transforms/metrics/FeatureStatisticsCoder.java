package dev.beamdiff.transforms.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Encodes {@link FeatureStatistics} as dimension and count (var-ints; an unknown count, -1, takes
 * ten bytes), then the mean and the upper triangle of the covariance as big-endian float64. The
 * covariance is symmetric by contract; decoding mirrors the upper triangle.
 */
public final class FeatureStatisticsCoder extends CustomCoder<FeatureStatistics> {
  private static final FeatureStatisticsCoder INSTANCE = new FeatureStatisticsCoder();

  public static FeatureStatisticsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(FeatureStatistics stats, OutputStream out) throws IOException {
    int d = stats.dimension();
    VarIntCoder.of().encode(d, out);
    VarLongCoder.of().encode(stats.count(), out);
    ArrayCoding.writeDoubles(out, stats.meanView(), 0, d);
    FeatureMomentsCoder.writeUpper(out, stats.covarianceView(), d);
  }

  @Override
  public FeatureStatistics decode(InputStream in) throws IOException {
    int d = FeatureMomentsCoder.readDimension(in);
    long count = VarLongCoder.of().decode(in);
    double[] mean = new double[d];
    ArrayCoding.readDoubles(in, mean, 0, d);
    double[] covariance = new double[d * d];
    FeatureMomentsCoder.readUpper(in, covariance, d);
    ArrayCoding.mirrorUpper(covariance, d);
    return new FeatureStatistics(count, mean, covariance);
  }

  @Override
  public void verifyDeterministic() {}
}
