package dev.beamdiff.pipelines.quickstart;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.beamdiff.classifier.CheckpointInfo;
import dev.beamdiff.classifier.ClassifierCheckpoint;
import dev.beamdiff.classifier.ClassifierTrainer;
import dev.beamdiff.classifier.FashionMnistClassifier;
import dev.beamdiff.classifier.TrainedClassifier;
import dev.beamdiff.classifier.TrainingProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Fashion-MNIST classifier whose features the FD uses ({@code --detector fmnist}): reused from
 * its folder (by default the cache, shared with {@code beamdiff evaluate}) if it has this build's
 * architecture, else trained there with a small budget. {@code --fresh} never retrains it: the
 * detector defines the FD scale, so it only changes on purpose, with {@code beamdiff
 * train-classifier}.
 */
final class ClassifierStage implements Stage {
  private final QuickstartSettings settings;
  private final FashionMnistSource source;

  ClassifierStage(QuickstartSettings settings, FashionMnistSource source) {
    this.settings = settings;
    this.source = source;
  }

  @Override
  public String name() {
    return "classifier";
  }

  @Override
  public String title() {
    return "the fmnist feature detector for the FD";
  }

  @Override
  public Optional<String> finished() {
    return info()
        .filter(i -> FashionMnistClassifier.ARCHITECTURE.equals(i.architecture()))
        .map(
            i ->
                String.format(
                    "the classifier in %s (test accuracy %.2f%%)",
                    settings.classifierDir(), 100 * i.testAccuracy()));
  }

  @Override
  public void clear() {
    // Never deleted: see the class comment.
  }

  @Override
  public void run(StageLog log) {
    String found =
        info()
            .map(
                i ->
                    "the classifier in "
                        + settings.classifierDir()
                        + " is "
                        + i.architecture()
                        + ", this build needs "
                        + FashionMnistClassifier.ARCHITECTURE)
            .orElse("no classifier in " + settings.classifierDir());
    log.note(
        String.format(
            "%s: training one for %d epoch (a small budget; `beamdiff train-classifier` trains"
                + " the full %d epochs)",
            found,
            settings.classifier().epochs(),
            dev.beamdiff.classifier.TrainingSettings.DEFAULT_EPOCHS));
    try (TrainedClassifier classifier =
        ClassifierTrainer.train(
            source.train(), source.test(), settings.classifier(), new Progress(log))) {
      ClassifierCheckpoint.save(classifier, settings.classifierDir());
      log.note(
          String.format(
              "test accuracy %.2f%%, saved to %s",
              100 * classifier.info().testAccuracy(), settings.classifierDir()));
    }
  }

  @Override
  public List<String> commands() {
    return List.of(
        "./beamdiff train-classifier --epochs "
            + settings.classifier().epochs()
            + " --output "
            + settings.classifierDir());
  }

  /** What the checkpoint in the classifier folder says about itself, if there is one. */
  private Optional<CheckpointInfo> info() {
    Path dir = settings.classifierDir();
    Path info = dir.resolve(ClassifierCheckpoint.INFO);
    if (!Files.isRegularFile(dir.resolve(ClassifierCheckpoint.WEIGHTS))
        || !Files.isRegularFile(info)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(new Gson().fromJson(Folders.read(info), CheckpointInfo.class));
    } catch (JsonParseException e) {
      throw new IllegalStateException(
          info + " is not a classifier description (" + e.getMessage() + "); delete " + dir, e);
    }
  }

  /** A line per tenth of the training steps and per epoch. */
  private static final class Progress implements TrainingProgress {
    private final StageLog log;
    private final long start = System.nanoTime();
    private int lastTenth = -1;

    Progress(StageLog log) {
      this.log = log;
    }

    @Override
    public void onStep(int step, int totalSteps, int epoch, double loss) {
      int tenth = 10 * step / totalSteps;
      if (tenth != lastTenth) {
        lastTenth = tenth;
        double seconds = (System.nanoTime() - start) / 1e9;
        double left = step == 0 ? Double.NaN : seconds * (totalSteps - step) / step;
        log.note(
            String.format(
                "step %,d/%,d, loss %.3f, %.0f s, about %.0f s left",
                step, totalSteps, loss, seconds, left));
      }
    }

    @Override
    public void onEpoch(int epoch, double testAccuracy) {
      log.note(String.format("epoch %d: test accuracy %.2f%%", epoch, 100 * testAccuracy));
    }
  }
}
