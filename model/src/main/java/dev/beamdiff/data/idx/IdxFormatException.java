package dev.beamdiff.data.idx;

import java.nio.file.Path;

/** A file that is not a well-formed IDX file; the message names the file and what was expected. */
public final class IdxFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
