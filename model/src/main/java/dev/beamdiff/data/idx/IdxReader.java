package dev.beamdiff.data.idx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (LeCun et al., the MNIST distribution format), plain or gzip-compressed.
 *
 * <p>Layout: two zero bytes, a type code ({@code 0x08} = unsigned byte, the only type MNIST and
 * Fashion-MNIST use), the number of dimensions, one big-endian int32 per dimension, then the values
 * in row-major order. The reader checks every part and that the file holds exactly the promised
 * number of values: a truncated or padded file is an error naming the file, never a partial load.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int MAX_DIMS = 8;

  private IdxReader() {}

  /**
   * Reads {@code file}, requiring {@code expectedDims} dimensions (e.g. 3 for images, 1 for
   * labels).
   *
   * @throws IdxFormatException if the file is not valid IDX with that rank
   * @throws UncheckedIOException if the file cannot be read at all
   */
  public static IdxArray read(Path file, int expectedDims) {
    return parse(file, readContent(file), expectedDims);
  }

  /**
   * The uncompressed bytes of {@code file} (gunzipped if it starts with the gzip magic).
   *
   * @throws IdxFormatException if the gzip data is corrupt or truncated
   * @throws UncheckedIOException if the file cannot be read at all
   */
  public static byte[] readContent(Path file) {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    } catch (ZipException e) {
      throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new IdxFormatException(file, "file is truncated: its gzip stream ends early", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses IDX {@code content} (already uncompressed) that was read from {@code file}. */
  public static IdxArray parse(Path file, byte[] content, int expectedDims) {
    try {
      return parse(file, new ByteArrayInputStream(content), expectedDims);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen on an in-memory stream
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
  }

  private static IdxArray parse(Path file, InputStream stream, int expectedDims)
      throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] magic = new byte[4];
    if (in.readNBytes(magic, 0, 4) < 4) {
      throw new IdxFormatException(file, "file is too short to hold an IDX header (4 bytes)");
    }
    int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
    int actualMagic =
        ((magic[0] & 0xFF) << 24)
            | ((magic[1] & 0xFF) << 16)
            | ((magic[2] & 0xFF) << 8)
            | (magic[3] & 0xFF);
    if (magic[0] != 0 || magic[1] != 0 || (magic[2] & 0xFF) != UNSIGNED_BYTE) {
      throw new IdxFormatException(
          file,
          String.format(
              "bad magic number 0x%08X: expected 0x%08X (unsigned-byte IDX with %d dimension%s)",
              actualMagic, expectedMagic, expectedDims, expectedDims == 1 ? "" : "s"));
    }
    int rank = magic[3] & 0xFF;
    if (rank != expectedDims) {
      throw new IdxFormatException(
          file,
          String.format(
              "magic number 0x%08X says %d dimensions, expected %d",
              actualMagic, rank, expectedDims));
    }
    if (rank > MAX_DIMS) {
      throw new IdxFormatException(file, "unsupported rank " + rank);
    }
    int[] dims = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      byte[] dimBytes = new byte[4];
      if (in.readNBytes(dimBytes, 0, 4) < 4) {
        throw new IdxFormatException(file, "file is truncated inside the dimension header");
      }
      dims[i] =
          ((dimBytes[0] & 0xFF) << 24)
              | ((dimBytes[1] & 0xFF) << 16)
              | ((dimBytes[2] & 0xFF) << 8)
              | (dimBytes[3] & 0xFF);
      if (dims[i] <= 0) {
        throw new IdxFormatException(file, "dimension " + i + " is " + dims[i] + ", must be > 0");
      }
      size *= dims[i];
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IdxFormatException(
          file, "dimensions " + Arrays.toString(dims) + " exceed the 2 GiB array limit");
    }
    byte[] data = new byte[(int) size];
    int got = in.readNBytes(data, 0, data.length);
    if (got < data.length) {
      throw new IdxFormatException(
          file,
          String.format(
              "file is truncated: dimensions %s need %d data bytes, found only %d",
              Arrays.toString(dims), size, got));
    }
    if (in.read() != -1) {
      throw new IdxFormatException(
          file,
          "file has extra bytes after the "
              + size
              + " data bytes its header "
              + Arrays.toString(dims)
              + " announces");
    }
    return new IdxArray(dims, data);
  }
}
