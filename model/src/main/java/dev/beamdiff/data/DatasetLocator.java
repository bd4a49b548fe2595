package dev.beamdiff.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an MNIST-format dataset on this machine or fetches it. Resolution order:
 *
 * <ol>
 *   <li>an explicit folder given by the user (it must hold the files);
 *   <li>the local cache, {@code $BEAMDIFF_CACHE} or {@code ~/.cache/beamdiff}, under {@code
 *       datasets/<name>};
 *   <li>the folder a distribution package installs (Debian's {@code dataset-fashion-mnist} puts
 *       Fashion-MNIST in {@code /usr/share/datasets/fashion-mnist});
 *   <li>the dataset's download URLs, into the cache. Each file is downloaded to a temporary name,
 *       its content SHA-256 verified, then renamed into place.
 * </ol>
 */
public final class DatasetLocator {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetLocator.class);

  private final Path cacheRoot;
  private final Fetcher fetcher;

  public DatasetLocator(Path cacheRoot, Fetcher fetcher) {
    this.cacheRoot = cacheRoot;
    this.fetcher = fetcher;
  }

  /** A locator on the default cache folder that downloads over HTTP. */
  public static DatasetLocator defaults() {
    return new DatasetLocator(BeamDiffCache.root(), new HttpFetcher());
  }

  /** Locates (fetching if needed) and loads the dataset. */
  public IdxDataset load(IdxDatasetSpec spec, Optional<Path> explicitDir) {
    return IdxDataset.load(spec, locate(spec, explicitDir));
  }

  /** Finds the folder holding {@code spec}'s files, downloading them if nothing local has them. */
  public DatasetLocation locate(IdxDatasetSpec spec, Optional<Path> explicitDir) {
    if (explicitDir.isPresent()) {
      DatasetLocation given = new DatasetLocation(explicitDir.get(), "given folder");
      if (!Files.isDirectory(given.dir())) {
        throw new DatasetException(
            "dataset folder "
                + given.dir()
                + " does not exist; pass the folder that holds "
                + IdxDatasetSpec.FILES);
      }
      if (!given.complete()) {
        throw new DatasetException(
            "dataset folder "
                + given.dir()
                + " is missing "
                + given.missing()
                + " (plain or .gz); expected the four IDX files "
                + IdxDatasetSpec.FILES);
      }
      return given;
    }
    DatasetLocation cached = new DatasetLocation(cacheDir(spec), "cache");
    if (cached.complete()) {
      return cached;
    }
    if (spec.systemDir() != null) {
      DatasetLocation system = new DatasetLocation(Path.of(spec.systemDir()), "system package");
      if (system.complete()) {
        return system;
      }
    }
    if (!spec.downloadable()) {
      throw new DatasetException(
          spec.displayName()
              + " has no download source here; pass the folder holding "
              + IdxDatasetSpec.FILES
              + " with --dir");
    }
    return download(spec);
  }

  /** The cache folder of {@code spec}. */
  public Path cacheDir(IdxDatasetSpec spec) {
    return cacheRoot.resolve("datasets").resolve(spec.name());
  }

  private DatasetLocation download(IdxDatasetSpec spec) {
    Path dir = cacheDir(spec);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cache folder " + dir, e);
    }
    for (String name : IdxDatasetSpec.FILES) {
      Path target = dir.resolve(name);
      if (Files.isRegularFile(target)) {
        continue;
      }
      URI source = URI.create(spec.downloadBase() + name);
      Path partial = dir.resolve(name + ".part");
      LOG.info("Downloading {} to {}", source, target);
      try {
        fetcher.fetch(source, partial);
        IdxDataset.verifiedContent(spec, name, partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(partial);
        throw new DatasetException(
            "cannot fetch "
                + source
                + ": "
                + e.getMessage()
                + ". On a machine without web access"
                + (spec.systemDir() == null
                    ? ""
                    : " install the Debian package (apt-get install dataset-"
                        + spec.name()
                        + ") or")
                + " download the files yourself and pass their folder with --dir.",
            e);
      }
    }
    return new DatasetLocation(dir, "downloaded from " + spec.downloadBase());
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort clean-up of a failed download
    }
  }
}
