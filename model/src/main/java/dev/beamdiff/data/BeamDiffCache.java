package dev.beamdiff.data;

import java.nio.file.Path;

/**
 * The per-user cache folder for datasets and trained helper models: {@code $BEAMDIFF_CACHE} if set,
 * else {@code $XDG_CACHE_HOME/beamdiff}, else {@code ~/.cache/beamdiff}.
 */
public final class BeamDiffCache {
  private BeamDiffCache() {}

  public static Path root() {
    String explicit = System.getenv("BEAMDIFF_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "beamdiff");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "beamdiff");
  }
}
