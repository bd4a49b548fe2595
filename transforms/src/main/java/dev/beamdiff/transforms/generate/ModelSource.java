package dev.beamdiff.transforms.generate;

import dev.beamdiff.generate.DiffusionModel;
import java.io.Serializable;

/**
 * Where workers get the model from: shipped with the DoFn, opened on the worker. Two sources with
 * the same {@link #key()} must open the same model, since a JVM shares one model per key.
 */
public interface ModelSource extends Serializable {

  /** Identifies the model (e.g. the checkpoint file), for sharing and provenance. */
  String key();

  /** Loads the model; the caller closes it. */
  DiffusionModel open();
}
