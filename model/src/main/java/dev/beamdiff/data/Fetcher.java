package dev.beamdiff.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Copies a remote resource to a local file. */
@FunctionalInterface
public interface Fetcher {
  void fetch(URI source, Path target) throws IOException;
}
