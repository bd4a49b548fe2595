package dev.beamdiff.transforms.metrics;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

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

  /**
   * Writes the upper triangle (j >= i) of a row-major {@code d × d} matrix, row by row, through one
   * reused buffer.
   */
  static void writeUpperTriangle(OutputStream out, double[] matrix, int d) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.BIG_ENDIAN);
    DoubleBuffer doubles = buffer.asDoubleBuffer();
    for (int i = 0; i < d; i++) {
      int from = i * d + i;
      int end = (i + 1) * d;
      while (from < end) {
        int n = Math.min(end - from, doubles.remaining());
        doubles.put(matrix, from, n);
        from += n;
        if (!doubles.hasRemaining()) {
          out.write(buffer.array(), 0, doubles.position() * Double.BYTES);
          doubles.clear();
        }
      }
    }
    out.write(buffer.array(), 0, doubles.position() * Double.BYTES);
  }

  /**
   * Reads what {@link #writeUpperTriangle} wrote into the upper triangle of {@code matrix}; the
   * entries below the diagonal are left as they are.
   */
  static void readUpperTriangle(InputStream in, double[] matrix, int d) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] bytes = new byte[CHUNK_BYTES];
    DoubleBuffer doubles = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer();
    long remaining = (long) d * (d + 1) / 2;
    doubles.limit(0);
    for (int i = 0; i < d; i++) {
      int from = i * d + i;
      int end = (i + 1) * d;
      while (from < end) {
        if (!doubles.hasRemaining()) {
          int n = (int) Math.min(remaining, CHUNK_BYTES / Double.BYTES);
          readFully(data, bytes, n * Double.BYTES);
          doubles.clear();
          doubles.limit(n);
          remaining -= n;
        }
        int n = Math.min(end - from, doubles.remaining());
        doubles.get(matrix, from, n);
        from += n;
      }
    }
  }

  /** Copies the upper triangle of a row-major {@code d × d} matrix below the diagonal. */
  static void mirrorUpper(double[] matrix, int d) {
    int block = 64;
    for (int i0 = 0; i0 < d; i0 += block) {
      for (int j0 = i0; j0 < d; j0 += block) {
        for (int i = i0; i < Math.min(d, i0 + block); i++) {
          for (int j = Math.max(j0, i + 1); j < Math.min(d, j0 + block); j++) {
            matrix[j * d + i] = matrix[i * d + j];
          }
        }
      }
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
