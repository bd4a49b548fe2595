package dev.beamdiff.pipelines.generate;

import dev.beamdiff.cli.CheckpointLocation;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.transforms.generate.ModelSource;

/**
 * The EMA weights of one checkpoint file (local or any Beam file system), loaded on the worker.
 *
 * @param file the {@code .ckpt} file, resolved on the launcher so every worker reads the same one
 */
record CheckpointModelSource(String file) implements ModelSource {

  @Override
  public String key() {
    return file;
  }

  @Override
  public DiffusionModel open() {
    CheckpointLocation.Loaded loaded = CheckpointLocation.load(file);
    return DiffusionModel.fromCheckpoint(loaded.checkpoint(), true, loaded.source());
  }
}
