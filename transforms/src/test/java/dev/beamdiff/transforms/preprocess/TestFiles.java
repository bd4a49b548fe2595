package dev.beamdiff.transforms.preprocess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writers of small synthetic input files for the preprocessing tests. */
final class TestFiles {
  private TestFiles() {}

  /** An IDX unsigned-byte file with the given dimensions and data, gzipped if the name ends .gz. */
  static Path idx(Path file, byte[] data, int... dims) {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
    header.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int d : dims) {
      header.putInt(d);
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(header.array());
    content.writeBytes(data);
    return write(
        file,
        file.toString().endsWith(".gz") ? gzip(content.toByteArray()) : content.toByteArray());
  }

  /** A CIFAR-10 batch holding one record per label: label byte, then R, G, B planes of 32×32. */
  static byte[] cifar(int[] labels, byte[][] rgbPlanes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < labels.length; i++) {
      out.write(labels[i]);
      out.writeBytes(rgbPlanes[i]);
    }
    return out.toByteArray();
  }

  /** {@code n} seeded pseudo-random bytes. */
  static byte[] noise(int n, long seed) {
    byte[] out = new byte[n];
    new java.util.Random(seed).nextBytes(out);
    return out;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
