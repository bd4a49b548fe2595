package dev.beamdiff.transforms.metrics;

import dev.beamdiff.io.Npy;
import dev.beamdiff.io.StoredZipEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Saved feature statistics as a numpy {@code .npz} archive, readable with {@code numpy.load}:
 * {@code mu} (float64, d), {@code sigma} (float64, d×d) — the names pytorch-fid and clean-fid use,
 * so their reference statistics load here too — plus BeamDiff's {@code num_samples} (int64), {@code
 * detector} and {@code resize_mode} (strings) and, when kept, {@code kid_features} (float32, k×d),
 * the sample KID needs. Read and written through Beam's {@link FileSystems}, so {@code gs://} paths
 * work where the GCS file system is registered.
 */
public final class StatisticsFile {
  private StatisticsFile() {}

  /**
   * What a statistics file holds.
   *
   * @param detector the detector's command-line name, or empty if the file does not say
   * @param resizeMode how inputs were resized, or empty if the file does not say
   */
  public record Contents(
      FeatureStatistics statistics,
      Optional<FeatureBatch> kidSample,
      String detector,
      String resizeMode) {}

  /** Writes {@code contents} to {@code location} (a local path or a Beam path). */
  public static void write(String location, Contents contents) throws IOException {
    ResourceId target = FileSystems.matchNewResource(location, false);
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(target, MimeTypes.BINARY))) {
      write(out, contents);
    }
  }

  /** Reads the file at {@code location}; errors name the file and what is wrong. */
  public static Contents read(String location) throws IOException {
    Path local = Files.createTempFile("beamdiff-stats-", ".npz");
    try {
      try (InputStream in =
          Channels.newInputStream(
              FileSystems.open(FileSystems.matchSingleFileSpec(location).resourceId()))) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.io.FileNotFoundException e) {
        throw new IOException("statistics file " + location + " does not exist", e);
      }
      return read(location, local);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  static void write(OutputStream out, Contents contents) throws IOException {
    FeatureStatistics stats = contents.statistics();
    int d = stats.dimension();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setMethod(ZipOutputStream.STORED);
      StoredZipEntry.write(zip, "mu.npy", Npy.float64(stats.meanView(), d));
      StoredZipEntry.write(zip, "sigma.npy", Npy.float64(stats.covarianceView(), d, d));
      StoredZipEntry.write(zip, "num_samples.npy", Npy.int64(stats.count()));
      StoredZipEntry.write(zip, "detector.npy", Npy.unicode(contents.detector()));
      StoredZipEntry.write(zip, "resize_mode.npy", Npy.unicode(contents.resizeMode()));
      if (contents.kidSample().isPresent()) {
        FeatureBatch sample = contents.kidSample().get();
        StoredZipEntry.write(
            zip,
            "kid_features.npy",
            Npy.float32(
                sample.values(),
                sample.rows() * sample.dimension(),
                sample.rows(),
                sample.dimension()));
      }
    }
  }

  static Contents read(String name, Path file) throws IOException {
    Map<String, Npy.Array> arrays = new HashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String key = entry.getName().replaceFirst("\\.npy$", "");
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(key, Npy.read(name + ":" + entry.getName(), in.readAllBytes()));
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException(name + ": not a .npz statistics file (" + e.getMessage() + ")", e);
    }
    Npy.Array mu = require(arrays, name, "mu");
    Npy.Array sigma = require(arrays, name, "sigma");
    if (mu.shape().length != 1
        || sigma.shape().length != 2
        || sigma.shape()[0] != mu.shape()[0]
        || sigma.shape()[1] != mu.shape()[0]) {
      throw new IOException(
          name
              + ": expected mu of shape (d,) and sigma of shape (d, d), got "
              + Arrays.toString(mu.shape())
              + " and "
              + Arrays.toString(sigma.shape()));
    }
    long count =
        arrays.containsKey("num_samples")
            ? (long) arrays.get("num_samples").asDoubles()[0]
            : FeatureStatistics.UNKNOWN_COUNT;
    FeatureStatistics stats = new FeatureStatistics(count, mu.asDoubles(), sigma.asDoubles());
    Optional<FeatureBatch> sample = Optional.empty();
    Npy.Array kid = arrays.get("kid_features");
    if (kid != null) {
      if (kid.shape().length != 2 || kid.shape()[1] != mu.shape()[0]) {
        throw new IOException(
            name
                + ": kid_features must have shape (k, "
                + mu.shape()[0]
                + "), got "
                + Arrays.toString(kid.shape()));
      }
      sample =
          Optional.of(new FeatureBatch((int) kid.shape()[0], (int) kid.shape()[1], kid.asFloats()));
    }
    return new Contents(stats, sample, text(arrays, "detector"), text(arrays, "resize_mode"));
  }

  private static Npy.Array require(Map<String, Npy.Array> arrays, String name, String key)
      throws IOException {
    Npy.Array array = arrays.get(key);
    if (array == null || array.text() != null) {
      throw new IOException(
          name
              + ": has no numeric array '"
              + key
              + "' (expected mu and sigma, as clean-fid writes)");
    }
    return array;
  }

  private static String text(Map<String, Npy.Array> arrays, String key) {
    Npy.Array array = arrays.get(key);
    return array == null || array.text() == null ? "" : array.text();
  }

  /** The archive as bytes (tests). */
  static byte[] toBytes(Contents contents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, contents);
    return out.toByteArray();
  }
}
