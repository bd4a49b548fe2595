package dev.beamdiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports BeamDiff's version and the versions of the engines it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties props = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/beamdiff-version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String[] {
      "beamdiff " + props.getProperty("beamdiff", "unknown"),
      "DJL "
          + props.getProperty("djl", "?")
          + " (PyTorch "
          + props.getProperty("pytorch", "?")
          + "), Apache Beam "
          + props.getProperty("beam", "?")
          + ", Java "
          + System.getProperty("java.version"),
    };
  }
}
