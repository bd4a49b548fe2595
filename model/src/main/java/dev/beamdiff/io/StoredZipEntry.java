package dev.beamdiff.io;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An uncompressed ("stored") zip entry, the layout of {@code numpy.savez}: checkpoints and saved
 * FID statistics are zips of {@code .npy} arrays that numpy opens directly.
 */
public final class StoredZipEntry {
  private StoredZipEntry() {}

  /** Writes {@code bytes} to {@code zip} as the stored entry {@code name}. */
  public static void write(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
