package dev.beamdiff.cli;

import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.ImageFolderDataset;
import dev.beamdiff.data.InMemoryImageDataset;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.avro.ShardManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The images {@code beamdiff train --data} names: an MNIST-format dataset by name (its training
 * split), the Avro shards of a {@code beamdiff preprocess} run (its output folder, a glob of shards
 * or one shard; local or any Beam file system such as {@code gs://}), or a folder of images.
 *
 * @param name what the user wrote (stored in the run's configuration)
 * @param source where the images were found
 */
record TrainingData(String name, String source, DiffusionDataset dataset) {

  static TrainingData load(String name, Path dataDir) {
    for (IdxDatasetSpec spec : IdxDatasetSpec.KNOWN) {
      if (spec.name().equals(name)) {
        IdxDataset idx = DatasetLocator.defaults().load(spec, Optional.ofNullable(dataDir));
        return new TrainingData(
            name,
            idx.dir() + " (" + idx.source() + "), train split",
            new InMemoryImageDataset(idx.train()));
      }
    }
    if (isShards(name)) {
      return new TrainingData(
          name,
          name + " (Avro shards)",
          new InMemoryImageDataset(ImageShards.open(name).readAll()));
    }
    Path folder = Path.of(name);
    if (Files.isDirectory(folder)) {
      return new TrainingData(
          name,
          folder.toAbsolutePath().toString(),
          new InMemoryImageDataset(ImageFolderDataset.load(folder)));
    }
    throw new IllegalArgumentException(
        "--data: '"
            + name
            + "' is neither a known dataset ("
            + IdxDatasetSpec.KNOWN.stream().map(IdxDatasetSpec::name).toList()
            + "), nor preprocessed Avro shards, nor a folder of images");
  }

  /** A preprocess output folder (it holds the manifest), a glob, an .avro file or a remote URI. */
  private static boolean isShards(String name) {
    if (name.contains("://") || name.endsWith(".avro") || name.contains("*")) {
      return true;
    }
    return Files.isRegularFile(Path.of(name).resolve(ShardManifest.FILE_NAME));
  }
}
