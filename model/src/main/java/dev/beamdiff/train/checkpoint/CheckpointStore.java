package dev.beamdiff.train.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A flat folder of checkpoint files: a local directory ({@link LocalCheckpointStore}) or any
 * location another module can reach (the Beam {@code FileSystems} store in {@code transforms}
 * covers {@code gs://}). Writes are all-or-nothing: a reader never sees a partial file.
 */
public interface CheckpointStore {

  /** The folder's path or URI, for messages. */
  String location();

  /** Names of the complete files in the folder (temporary files of unfinished writes excluded). */
  List<String> list() throws IOException;

  /**
   * Writes file {@code name} atomically: {@code body} writes to a temporary file that is moved to
   * {@code name} only once complete; if {@code body} or the move fails, {@code name} is untouched.
   */
  void write(String name, Body body) throws IOException;

  /** Opens file {@code name} for reading. */
  InputStream open(String name) throws IOException;

  /** Deletes file {@code name} if it exists. */
  void delete(String name) throws IOException;

  /**
   * Deletes temporary files of writes that never finished (a run killed mid-write) and returns
   * their names. Call it only while no other process writes to the folder.
   */
  List<String> deleteLeftovers() throws IOException;

  /** Writes a file's content. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }
}
