package dev.beamdiff.pipelines.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.classifier.FashionMnistClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached detector is reused only if it has this build's architecture. */
class ClassifierStageTest {
  @TempDir Path dir;

  @Test
  void reusesOnlyTheCurrentArchitecture() throws IOException {
    Path classifier = dir.resolve("classifier");
    QuickstartSettings defaults = QuickstartSettings.defaults(dir, 1, 10, null, false);
    QuickstartSettings settings =
        new QuickstartSettings(
            defaults.out(),
            defaults.minutes(),
            defaults.steps(),
            defaults.n(),
            defaults.dataDir(),
            defaults.fresh(),
            defaults.subset(),
            defaults.network(),
            defaults.unet(),
            defaults.batch(),
            defaults.checkpointEvery(),
            defaults.generation(),
            classifier,
            defaults.classifier());
    ClassifierStage stage = new ClassifierStage(settings, null);
    assertThat(stage.finished()).isEmpty();

    Files.createDirectories(classifier);
    Files.write(classifier.resolve(ClassifierCheckpoint.WEIGHTS), new byte[] {1});
    Files.writeString(
        classifier.resolve(ClassifierCheckpoint.INFO),
        "{\"architecture\": \"beamdiff-fmnist-cnn-v0\", \"testAccuracy\": 0.9}");
    assertThat(stage.finished()).isEmpty();

    Files.writeString(
        classifier.resolve(ClassifierCheckpoint.INFO),
        "{\"architecture\": \""
            + FashionMnistClassifier.ARCHITECTURE
            + "\", \"testAccuracy\": 0.9}");
    assertThat(stage.finished()).hasValueSatisfying(s -> assertThat(s).contains("90.00%"));
  }
}
