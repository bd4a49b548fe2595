package dev.beamdiff.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy {@code .npy} array format (NEP 1, "A simple file format for NumPy arrays"): magic
 * {@code \x93NUMPY}, version, a little-endian header length, a Python-literal header dict with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data. Reads versions 1–3
 * with float64/float32/int64/int32 ({@code <} or {@code >}) and unicode scalars; writes version
 * 1.0, little-endian, C order, header padded to 64 bytes as numpy does. Checkpoint tensors and
 * saved FID statistics are stored this way, so {@code numpy.load} reads them directly.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR =
      Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * A parsed array: its shape and its values, as floats (float32 data), doubles (other numbers) or
   * a string (a unicode scalar); the other two are null.
   */
  public record Array(long[] shape, double[] doubles, float[] floats, String text) {
    /** Numeric values as doubles. */
    public double[] asDoubles() {
      if (doubles != null) {
        return doubles;
      }
      double[] out = new double[floats.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = floats[i];
      }
      return out;
    }

    /** Numeric values as floats (rounding float64 data). */
    public float[] asFloats() {
      if (floats != null) {
        return floats;
      }
      float[] out = new float[doubles.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) doubles[i];
      }
      return out;
    }
  }

  /** Parses one {@code .npy} array; {@code name} labels errors. */
  public static Array read(String name, byte[] bytes) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    if (bytes.length < 10) {
      throw new IOException(name + ": too short for a .npy array");
    }
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(name + ": not a .npy array (bad magic)");
    }
    int major = in.get();
    in.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(in.getShort()) : in.getInt();
    if (headerLength < 0 || headerLength > in.remaining()) {
      throw new IOException(name + ": corrupt .npy header length " + headerLength);
    }
    byte[] headerBytes = new byte[headerLength];
    in.get(headerBytes);
    String header =
        new String(headerBytes, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
      throw new IOException(name + ": cannot parse the .npy header " + header.trim());
    }
    long[] shape =
        Arrays.stream(shapeMatch.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    char kind = descr.group(2).charAt(0);
    int width = Integer.parseInt(descr.group(3));
    ByteBuffer data = in.slice().order(order);
    long count = 1;
    for (long s : shape) {
      count *= s;
    }
    if (kind == 'U') {
      if (shape.length != 0) {
        throw new IOException(
            name + ": expected a scalar string, got shape " + Arrays.toString(shape));
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < width; i++) {
        int codePoint = data.getInt();
        if (codePoint != 0) {
          text.appendCodePoint(codePoint);
        }
      }
      return new Array(shape, null, null, text.toString());
    }
    if (count * width > data.remaining()) {
      throw new IOException(
          name + ": holds " + data.remaining() + " data bytes, shape needs " + count * width);
    }
    if (fortran.group(1).equals("True") && shape.length > 1) {
      throw new IOException(name + ": Fortran-ordered arrays are not supported; save in C order");
    }
    String dtype = kind + "" + width;
    if (dtype.equals("f4")) {
      float[] values = new float[(int) count];
      data.asFloatBuffer().get(values);
      return new Array(shape, null, values, null);
    }
    double[] values = new double[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (dtype) {
            case "f8" -> data.getDouble();
            case "i8" -> data.getLong();
            case "i4" -> data.getInt();
            default ->
                throw new IOException(
                    name + ": unsupported dtype " + descr.group(0) + " (expected float or int)");
          };
    }
    return new Array(shape, values, null, null);
  }

  /** A float64 array of {@code shape}. */
  public static byte[] float64(double[] values, long... shape) {
    ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    data.asDoubleBuffer().put(values);
    return withHeader("<f8", shape, data.array());
  }

  /** The first {@code count} values as a float32 array of {@code shape}. */
  public static byte[] float32(float[] values, int count, long... shape) {
    ByteBuffer data = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(values, 0, count);
    return withHeader("<f4", shape, data.array());
  }

  /** An int64 scalar. */
  public static byte[] int64(long value) {
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
    return withHeader("<i8", new long[0], data.array());
  }

  /** A unicode scalar (numpy dtype {@code <U n}). */
  public static byte[] unicode(String text) {
    int[] codePoints = text.codePoints().toArray();
    int width = Math.max(1, codePoints.length);
    ByteBuffer data = ByteBuffer.allocate(width * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int cp : codePoints) {
      data.putInt(cp);
    }
    return withHeader("<U" + width, new long[0], data.array());
  }

  private static byte[] withHeader(String descr, long[] shape, byte[] data) {
    StringBuilder dims = new StringBuilder();
    for (long s : shape) {
      dims.append(s).append(", ");
    }
    String shapeText =
        shape.length == 1
            ? "(" + shape[0] + ",)"
            : "(" + dims.toString().replaceAll(", $", "") + ")";
    String dict =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length() + data.length);
    out.writeBytes(MAGIC);
    out.write(1);
    out.write(0);
    out.write(header.length() & 0xFF);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }
}
