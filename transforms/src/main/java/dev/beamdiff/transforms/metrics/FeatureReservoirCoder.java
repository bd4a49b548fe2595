package dev.beamdiff.transforms.metrics;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Encodes a {@link FeatureReservoir}: capacity, dimension, seed, size, priorities, vectors. */
public final class FeatureReservoirCoder extends CustomCoder<FeatureReservoir> {
  private static final FeatureReservoirCoder INSTANCE = new FeatureReservoirCoder();

  public static FeatureReservoirCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(FeatureReservoir reservoir, OutputStream out) throws IOException {
    VarIntCoder.of().encode(reservoir.capacity(), out);
    VarIntCoder.of().encode(reservoir.dimension(), out);
    VarLongCoder.of().encode(reservoir.seed(), out);
    VarIntCoder.of().encode(reservoir.size(), out);
    DataOutputStream data = new DataOutputStream(out);
    for (int i = 0; i < reservoir.size(); i++) {
      data.writeLong(reservoir.priorities()[i]);
    }
    data.flush();
    ArrayCoding.writeFloats(out, reservoir.rows(), reservoir.size() * reservoir.dimension());
  }

  @Override
  public FeatureReservoir decode(InputStream in) throws IOException {
    int capacity = VarIntCoder.of().decode(in);
    int dimension = VarIntCoder.of().decode(in);
    long seed = VarLongCoder.of().decode(in);
    int size = VarIntCoder.of().decode(in);
    if (capacity < 1 || size < 0 || size > capacity || dimension < 0 || dimension > 1 << 15) {
      throw new IOException("corrupt feature reservoir: size " + size + ", capacity " + capacity);
    }
    DataInputStream data = new DataInputStream(in);
    long[] priorities = new long[size];
    for (int i = 0; i < size; i++) {
      priorities[i] = data.readLong();
    }
    float[] rows = ArrayCoding.readFloats(in, size * dimension);
    return new FeatureReservoir(capacity, dimension, seed, size, priorities, rows);
  }

  @Override
  public void verifyDeterministic() {}
}
