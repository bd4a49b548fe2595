package dev.beamdiff.transforms.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** PNG files written byte by byte, to make headers no encoder would write (huge, zero-size). */
public final class HandMadePng {
  private HandMadePng() {}

  /**
   * A PNG file built by hand: signature, IHDR, one IDAT holding {@code raw} rows (filter byte 0
   * added per row when the rows fit), IEND.
   */
  public static byte[] of(int width, int height, int bitDepth, int colorType, byte[] raw) {
    int rowBytes = width * Math.max(1, bitDepth / 8);
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    if ((long) rowBytes * height == raw.length && rowBytes > 0) {
      for (int y = 0; y < height; y++) {
        rows.write(0);
        rows.write(raw, y * rowBytes, rowBytes);
      }
    } else {
      rows.writeBytes(raw);
    }
    Deflater deflater = new Deflater();
    deflater.setInput(rows.toByteArray());
    deflater.finish();
    byte[] buffer = new byte[rows.size() + 1024];
    int compressed = deflater.deflate(buffer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer header = ByteBuffer.allocate(13);
    header.putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType);
    header.put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", Arrays.copyOf(buffer, compressed));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
