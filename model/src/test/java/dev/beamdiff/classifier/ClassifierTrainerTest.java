package dev.beamdiff.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brief training on a subset of real Fashion-MNIST. The full run (all 60,000 images, 3 epochs, ≥
 * 90% test accuracy) is {@code beamdiff train-classifier}; its number is in the README.
 */
@Tag("slow")
class ClassifierTrainerTest {

  @Test
  void learnsFashionMnistAndRoundTripsThroughACheckpoint(@TempDir Path dir) {
    IdxDataset data =
        DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    TrainingSettings settings = new TrainingSettings(1, 64, 2e-3f, 7, 6000, 2000);
    List<Double> accuracies = new ArrayList<>();
    int[] steps = {0};
    try (TrainedClassifier trained =
        ClassifierTrainer.train(
            data.train(),
            data.test(),
            settings,
            new TrainingProgress() {
              @Override
              public void onStep(int step, int totalSteps, int epoch, double loss) {
                assertThat(totalSteps).isEqualTo(94);
                steps[0] = step;
              }

              @Override
              public void onEpoch(int epoch, double testAccuracy) {
                accuracies.add(testAccuracy);
              }
            })) {
      assertThat(steps[0]).isEqualTo(94);
      // Chance is 10%; one pass over 10% of the training set already gives ~80%.
      assertThat(accuracies).hasSize(1);
      assertThat(trained.info().testAccuracy()).isEqualTo(accuracies.get(0)).isGreaterThan(0.72);
      assertThat(trained.info().trainImages()).isEqualTo(6000);

      Path checkpoint = dir.resolve("fashion-mnist");
      ClassifierCheckpoint.save(trained, checkpoint);
      ClassifierCheckpoint.save(trained, checkpoint); // replacing an existing checkpoint works
      assertThat(checkpoint.resolve(ClassifierCheckpoint.WEIGHTS)).isRegularFile();
      try (TrainedClassifier loaded = ClassifierCheckpoint.load(checkpoint);
          NDManager manager = NDManager.newBaseManager()) {
        assertThat(loaded.info()).isEqualTo(trained.info());
        float[] images = new float[3 * 28 * 28];
        for (int i = 0; i < images.length; i++) {
          images[i] = data.test().pixels()[i] & 0xFF;
        }
        float[] before = trained.features(manager, images, 0, 3);
        assertThat(before).hasSize(3 * FashionMnistClassifier.FEATURE_DIMENSION);
        assertThat(loaded.features(manager, images, 0, 3)).containsExactly(before);
        assertThat(loaded.accuracy(data.test(), 2000)).isEqualTo(trained.info().testAccuracy());
      }
    }
  }

  @Test
  void aMissingCheckpointSaysHowToMakeOne(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ClassifierCheckpoint.load(dir.resolve("none")))
        .hasMessageContaining("run `beamdiff train-classifier` first");
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve(ClassifierCheckpoint.WEIGHTS), "x");
    Files.writeString(foreign.resolve(ClassifierCheckpoint.INFO), "{\"architecture\":\"other\"}");
    assertThatThrownBy(() -> ClassifierCheckpoint.load(foreign))
        .hasMessageContaining("architecture other")
        .hasMessageContaining("train-classifier");
  }
}
