package dev.beamdiff.classifier;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.beamdiff.data.BeamDiffCache;
import dev.beamdiff.io.FileTrees;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A classifier checkpoint folder: {@value #WEIGHTS} (DJL block parameters) and {@value #INFO}
 * ({@link CheckpointInfo} as JSON). {@code beamdiff train-classifier} writes it to {@link
 * #defaultDir()}, where {@code beamdiff evaluate --detector fmnist} looks for it.
 */
public final class ClassifierCheckpoint {
  public static final String WEIGHTS = "classifier.params";
  public static final String INFO = "classifier.json";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private ClassifierCheckpoint() {}

  /** {@code <cache>/classifiers/fashion-mnist}, the cache being {@link BeamDiffCache#root()}. */
  public static Path defaultDir() {
    return BeamDiffCache.root().resolve("classifiers").resolve("fashion-mnist");
  }

  /** Writes the checkpoint, replacing what {@code dir} held only once both files are complete. */
  public static void save(TrainedClassifier classifier, Path dir) {
    try {
      Path parent = dir.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path staging = Files.createTempDirectory(parent, dir.getFileName() + ".partial-");
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(staging.resolve(WEIGHTS))))) {
        classifier.model().getBlock().saveParameters(out);
      }
      Files.writeString(
          staging.resolve(INFO), GSON.toJson(classifier.info()), StandardCharsets.UTF_8);
      FileTrees.delete(dir);
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the classifier checkpoint to " + dir, e);
    }
  }

  /**
   * Loads the checkpoint in {@code dir}; a missing or foreign one is an error saying what to do.
   */
  public static TrainedClassifier load(Path dir) {
    Path weights = dir.resolve(WEIGHTS);
    Path infoFile = dir.resolve(INFO);
    if (!Files.isRegularFile(weights) || !Files.isRegularFile(infoFile)) {
      throw new IllegalStateException(
          "no Fashion-MNIST classifier checkpoint in "
              + dir
              + " (expected "
              + WEIGHTS
              + " and "
              + INFO
              + "); run `beamdiff train-classifier` first");
    }
    CheckpointInfo info;
    try {
      info =
          GSON.fromJson(Files.readString(infoFile, StandardCharsets.UTF_8), CheckpointInfo.class);
    } catch (IOException | JsonParseException e) {
      throw new IllegalStateException("cannot read " + infoFile + ": " + e.getMessage(), e);
    }
    if (info == null || !FashionMnistClassifier.ARCHITECTURE.equals(info.architecture())) {
      throw new IllegalStateException(
          infoFile
              + " describes architecture "
              + (info == null ? "nothing" : info.architecture())
              + ", this build expects "
              + FashionMnistClassifier.ARCHITECTURE
              + "; run `beamdiff train-classifier` again");
    }
    Model model = Model.newInstance("fmnist-classifier", Device.cpu());
    try {
      Block block = FashionMnistClassifier.newBlock();
      block.initialize(
          model.getNDManager(),
          DataType.FLOAT32,
          new Shape(1).addAll(FashionMnistClassifier.IMAGE_SHAPE));
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
        block.loadParameters(model.getNDManager(), in);
      }
      block.freezeParameters(true);
      model.setBlock(block);
      return new TrainedClassifier(model, info);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalStateException(
          "cannot load the classifier weights " + weights + ": " + e.getMessage(), e);
    }
  }
}
