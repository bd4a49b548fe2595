package dev.beamdiff.transforms.metrics;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk big-endian encoding of primitive arrays for the metric coders: whole chunks go through one
 * {@link ByteBuffer} instead of one stream call per value (a 2048×2048 accumulator has four million
 * doubles).
 */
final class ArrayCoding {
  private static final int CHUNK_BYTES = 1 << 16;

  private ArrayCoding() {}

  static void writeDoubles(OutputStream out, double[] values, int from, int count)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.BIG_ENDIAN);
    int end = from + count;
    for (int start = from; start < end; ) {
      int n = Math.min(end - start, CHUNK_BYTES / Double.BYTES);
      buffer.clear();
      buffer.asDoubleBuffer().put(values, start, n);
      out.write(buffer.array(), 0, n * Double.BYTES);
      start += n;
    }
  }

  static void readDoubles(InputStream in, double[] values, int from, int count) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] bytes = new byte[CHUNK_BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    int end = from + count;
    for (int start = from; start < end; ) {
      int n = Math.min(end - start, CHUNK_BYTES / Double.BYTES);
      readFully(data, bytes, n * Double.BYTES);
      buffer.clear();
      buffer.asDoubleBuffer().get(values, start, n);
      start += n;
    }
  }

  static void writeFloats(OutputStream out, float[] values) throws IOException {
    writeFloats(out, values, values.length);
  }

  /** Writes the first {@code count} values. */
  static void writeFloats(OutputStream out, float[] values, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.BIG_ENDIAN);
    for (int start = 0; start < count; ) {
      int n = Math.min(count - start, CHUNK_BYTES / Float.BYTES);
      buffer.clear();
      buffer.asFloatBuffer().put(values, start, n);
      out.write(buffer.array(), 0, n * Float.BYTES);
      start += n;
    }
  }

  static float[] readFloats(InputStream in, int count) throws IOException {
    float[] values = new float[count];
    DataInputStream data = new DataInputStream(in);
    byte[] bytes = new byte[CHUNK_BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    for (int start = 0; start < count; ) {
      int n = Math.min(count - start, CHUNK_BYTES / Float.BYTES);
      readFully(data, bytes, n * Float.BYTES);
      buffer.clear();
      buffer.asFloatBuffer().get(values, start, n);
      start += n;
    }
    return values;
  }

  private static void readFully(DataInputStream in, byte[] bytes, int length) throws IOException {
    try {
      in.readFully(bytes, 0, length);
    } catch (EOFException e) {
      throw new EOFException("truncated metric record: expected " + length + " more bytes");
    }
  }
}
