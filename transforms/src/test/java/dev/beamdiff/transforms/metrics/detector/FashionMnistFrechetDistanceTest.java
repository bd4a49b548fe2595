package dev.beamdiff.transforms.metrics.detector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.classifier.ClassifierTrainer;
import dev.beamdiff.classifier.TrainedClassifier;
import dev.beamdiff.classifier.TrainingProgress;
import dev.beamdiff.classifier.TrainingSettings;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDataset;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.FeatureMoments;
import dev.beamdiff.transforms.metrics.FeatureStatistics;
import dev.beamdiff.transforms.metrics.FrechetDistance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fashion-MNIST detector on real data: FD between the test set and a training subset is small,
 * and FD against the training images falls as test images get progressively less noisy. (That FD
 * falls as a diffusion model trains needs diffusion checkpoints, which come with generation.) The
 * classifier is trained briefly here (one pass over 6,000 images); the shipped one trains longer.
 */
@Tag("slow")
class FashionMnistFrechetDistanceTest {
  private static final Logger LOG = LoggerFactory.getLogger(FashionMnistFrechetDistanceTest.class);
  private static final int N = 2500;

  @TempDir static Path checkpoint;

  private static IdxDataset data;
  private static FashionMnistDetector detector;
  private static FeatureStatistics train;

  @BeforeAll
  static void trainDetector() {
    data = DatasetLocator.defaults().load(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    try (TrainedClassifier classifier =
        ClassifierTrainer.train(
            data.train(),
            data.test(),
            new TrainingSettings(1, 64, 2e-3f, 11, 6000, 1000),
            TrainingProgress.NONE)) {
      ClassifierCheckpoint.save(classifier, checkpoint);
    }
    detector = FashionMnistDetector.open(checkpoint);
    train = statistics(data.train(), i -> i >= 10_000, N, 0, 1);
  }

  @AfterAll
  static void closeDetector() {
    detector.close();
  }

  @Test
  void testSetIsCloseToTrainingSetAndFarFromOtherClasses() {
    FeatureStatistics test = statistics(data.test(), i -> true, N, 0, 2);
    double sameDistribution = FrechetDistance.between(test, train).value();
    // Same sizes, different content: garments with sleeves vs everything else.
    FeatureStatistics tops = statistics(data.test(), i -> isTop(data.test(), i), N, 0, 3);
    FeatureStatistics others = statistics(data.test(), i -> !isTop(data.test(), i), N, 0, 4);
    double differentClasses = FrechetDistance.between(tops, others).value();
    LOG.info(
        "FD(test {}, train {}) = {}; FD(tops, other classes) = {}",
        N,
        N,
        sameDistribution,
        differentClasses);
    assertThat(sameDistribution).isPositive().isLessThan(0.05 * differentClasses);
  }

  @Test
  void distanceFallsAsImagesGetLessNoisy() {
    double[] noise = {1.0, 0.5, 0.25, 0.1, 0.0};
    List<Double> distances = new ArrayList<>();
    for (double sigma : noise) {
      distances.add(
          FrechetDistance.between(statistics(data.test(), i -> true, N, sigma, 2), train).value());
    }
    LOG.info("FD(test + noise σ, train) for σ = 1, 0.5, 0.25, 0.1, 0: {}", distances);
    for (int k = 1; k < distances.size(); k++) {
      assertThat(distances.get(k))
          .as("σ = %s vs %s", noise[k], noise[k - 1])
          .isLessThan(distances.get(k - 1));
    }
    assertThat(distances.get(0)).isGreaterThan(20 * distances.get(distances.size() - 1));
  }

  private static boolean isTop(LabeledImages split, int i) {
    int label = split.labels()[i];
    return label == 0 || label == 2 || label == 4 || label == 6; // T-shirt, pullover, coat, shirt
  }

  /**
   * Statistics of the first {@code count} images of {@code split} accepted by {@code filter}, with
   * pixels x ∈ [−1, 1] replaced by the diffusion-style blend √(1−σ²) x + σ ε, ε ~ N(0, 1), clipped.
   */
  private static FeatureStatistics statistics(
      LabeledImages split, IntPredicate filter, int count, double sigma, long seed) {
    Random random = new Random(seed);
    int size = split.imageSize();
    int batch = 250;
    float[] images = new float[batch * size];
    FeatureMoments moments = new FeatureMoments();
    int taken = 0;
    int filled = 0;
    for (int i = 0; i < split.count() && taken < count; i++) {
      if (!filter.test(i)) {
        continue;
      }
      for (int p = 0; p < size; p++) {
        double x = (split.pixels()[i * size + p] & 0xFF) / 127.5 - 1;
        double noisy = Math.sqrt(1 - sigma * sigma) * x + sigma * random.nextGaussian();
        images[filled * size + p] = (float) ((Math.max(-1, Math.min(1, noisy)) + 1) * 127.5);
      }
      filled++;
      taken++;
      if (filled == batch || taken == count) {
        FeatureBatch features = detector.extract(images, filled);
        moments.add(features);
        filled = 0;
      }
    }
    assertThat(taken).isEqualTo(count);
    return moments.statistics();
  }
}
