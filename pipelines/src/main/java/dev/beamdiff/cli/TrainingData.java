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
 * split), a {@code beamdiff preprocess} output folder (its Avro shards) or a folder of images.
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
    Path folder = Path.of(name);
    if (Files.isRegularFile(folder.resolve(ShardManifest.FILE_NAME))) {
      return new TrainingData(
          name,
          folder.toAbsolutePath() + " (Avro shards)",
          new InMemoryImageDataset(ImageShards.open(folder.toString()).readAll()));
    }
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
            + "), a preprocessed folder nor a folder of images");
  }
}
