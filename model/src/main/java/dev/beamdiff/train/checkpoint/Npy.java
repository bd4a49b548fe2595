package dev.beamdiff.train.checkpoint;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, version 1.0, for little-endian float32 C-order arrays: the magic
 * {@code \x93NUMPY}, version bytes 1 0, a little-endian uint16 header length, then a Python dict
 * literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (…), }} padded with spaces and a
 * newline so the data starts on a 64-byte boundary, then the raw values. Checkpoint tensors are
 * stored this way so {@code numpy.load} reads them directly.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int PREAMBLE = MAGIC.length + 2 + 2;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** The complete {@code .npy} file for {@code tensor}. */
  public static byte[] encode(FloatTensor tensor) {
    byte[] header = header(tensor.shape());
    float[] values = tensor.values();
    ByteBuffer out =
        ByteBuffer.allocate(header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(header);
    out.asFloatBuffer().put(values);
    return out.array();
  }

  /** Reads one {@code .npy} float32 array; {@code name} labels errors. */
  public static FloatTensor decode(InputStream in, String name) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] preamble = new byte[PREAMBLE];
    data.readFully(preamble);
    for (int i = 0; i < MAGIC.length; i++) {
      if (preamble[i] != MAGIC[i]) {
        throw new IOException(name + ": not a .npy file (bad magic)");
      }
    }
    if (preamble[6] != 1) {
      throw new IOException(
          name + ": .npy version " + preamble[6] + "." + preamble[7] + " (expected 1.0)");
    }
    int headerLength = (preamble[8] & 0xFF) | ((preamble[9] & 0xFF) << 8);
    byte[] headerBytes = new byte[headerLength];
    data.readFully(headerBytes);
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, name, "descr");
    if (!descr.equals("<f4")) {
      throw new IOException(name + ": dtype '" + descr + "', expected little-endian float32 '<f4'");
    }
    if (!group(FORTRAN, header, name, "fortran_order").equals("False")) {
      throw new IOException(name + ": Fortran-order arrays are not supported, expected C order");
    }
    long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count > Integer.MAX_VALUE / 4) {
      throw new IOException(name + ": " + count + " values is too large for one tensor");
    }
    byte[] raw = new byte[(int) count * 4];
    data.readFully(raw);
    float[] values = new float[(int) count];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return new FloatTensor(shape, values);
  }

  static byte[] header(long[] shape) {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String tuple =
        shape.length == 1
            ? "(" + shape[0] + ",)"
            : "(" + (dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
    int unpadded = PREAMBLE + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    byte[] textBytes = text.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out =
        ByteBuffer.allocate(PREAMBLE + textBytes.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) textBytes.length).put(textBytes);
    return out.array();
  }

  private static String group(Pattern pattern, String header, String name, String key)
      throws IOException {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new IOException(name + ": .npy header has no '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static long[] parseShape(String tuple, String name) throws IOException {
    List<Long> dims = new ArrayList<>();
    for (String part : tuple.split(",")) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        dims.add(Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t));
      } catch (NumberFormatException e) {
        throw new IOException(
            name + ": bad dimension '" + t + "' in .npy shape (" + tuple + ")", e);
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }
}
