package dev.beamdiff.data.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** Builds an unsigned-byte IDX file with the given header fields and payload. */
  static byte[] idx(int typeCode, int[] dims, byte[] payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(0);
    out.writeByte(0);
    out.writeByte(typeCode);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(payload);
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  private static byte[] ramp(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  @Test
  void readsPlainImageFile() throws IOException {
    byte[] payload = ramp(2 * 3 * 4);
    Path file = Files.write(dir.resolve("images"), idx(0x08, new int[] {2, 3, 4}, payload));

    IdxArray array = IdxReader.read(file, 3);

    assertThat(array.dims()).containsExactly(2, 3, 4);
    assertThat(array.data()).isEqualTo(payload);
    assertThat(array.unsigned(37 % 24)).isEqualTo((37 % 24 * 7) & 0xFF);
  }

  @Test
  void readsGzippedLabelFile() throws IOException {
    byte[] payload = {0, 9, 3, (byte) 200};
    Path file = Files.write(dir.resolve("labels.gz"), gzip(idx(0x08, new int[] {4}, payload)));

    IdxArray array = IdxReader.read(file, 1);

    assertThat(array.dims()).containsExactly(4);
    assertThat(array.unsigned(3)).isEqualTo(200);
  }

  @Test
  void rejectsBadMagicNamingTheFile() throws IOException {
    Path file = Files.write(dir.resolve("bad-magic"), idx(0x0D, new int[] {1, 1, 1}, new byte[1]));

    assertThatThrownBy(() -> IdxReader.read(file, 3))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("bad magic number 0x00000D03")
        .hasMessageContaining("expected 0x00000803");
  }

  @Test
  void rejectsWrongRank() throws IOException {
    Path file = Files.write(dir.resolve("labels"), idx(0x08, new int[] {3}, new byte[3]));

    assertThatThrownBy(() -> IdxReader.read(file, 3))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("1 dimensions, expected 3");
  }

  @Test
  void rejectsTruncatedPayload() throws IOException {
    byte[] full = idx(0x08, new int[] {10, 28, 28}, new byte[10 * 28 * 28]);
    Path file = Files.write(dir.resolve("short"), Arrays.copyOf(full, full.length - 100));

    assertThatThrownBy(() -> IdxReader.read(file, 3))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("need 7840 data bytes, found only 7740");
  }

  @Test
  void rejectsTruncatedGzipStream() throws IOException {
    byte[] full = gzip(idx(0x08, new int[] {10, 28, 28}, ramp(10 * 28 * 28)));
    Path file = Files.write(dir.resolve("short.gz"), Arrays.copyOf(full, full.length / 2));

    assertThatThrownBy(() -> IdxReader.read(file, 3))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    byte[] full = idx(0x08, new int[] {2}, new byte[2]);
    Path file = Files.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 5));

    assertThatThrownBy(() -> IdxReader.read(file, 1))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("extra bytes");
  }

  @Test
  void rejectsZeroDimension() throws IOException {
    Path file = Files.write(dir.resolve("empty"), idx(0x08, new int[] {0, 28, 28}, new byte[0]));

    assertThatThrownBy(() -> IdxReader.read(file, 3))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("dimension 0 is 0, must be > 0");
  }

  @Test
  void rejectsEmptyFile() throws IOException {
    Path file = Files.write(dir.resolve("nothing"), new byte[0]);

    assertThatThrownBy(() -> IdxReader.read(file, 1))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("too short");
  }
}
