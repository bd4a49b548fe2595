package dev.beamdiff.classifier;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.beamdiff.data.LabeledImages;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link FashionMnistClassifier} with softmax cross-entropy and Adam (Kingma &amp; Ba 2015)
 * on shuffled mini-batches, the learning rate decaying from its initial value to 0 over all steps
 * along a half cosine (Loshchilov &amp; Hutter 2017, SGDR Eq. 5 without restarts), on one device
 * (DJL's PyTorch engine allows one gradient collector per process). Weight initialisation and
 * shuffling follow the seed.
 */
public final class ClassifierTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);

  private ClassifierTrainer() {}

  /** Trains on {@code train} and reports accuracy on {@code test} after every epoch. */
  public static TrainedClassifier train(
      LabeledImages train,
      LabeledImages test,
      TrainingSettings settings,
      TrainingProgress progress) {
    requireFashionMnistShape(train, "training split");
    requireFashionMnistShape(test, "test split");
    int n =
        settings.trainLimit() == 0 ? train.count() : Math.min(settings.trainLimit(), train.count());
    int batchesPerEpoch = (n + settings.batchSize() - 1) / settings.batchSize();
    int totalSteps = batchesPerEpoch * settings.epochs();
    Engine.getInstance().setRandomSeed((int) settings.seed());
    Random random = new Random(settings.seed());
    Model model = Model.newInstance("fmnist-classifier", Device.cpu());
    model.setBlock(FashionMnistClassifier.newBlock());
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(
                Optimizer.adam()
                    .optLearningRateTracker(
                        Tracker.cosine()
                            .setBaseValue(settings.learningRate())
                            .optFinalValue(0)
                            .setMaxUpdates(totalSteps)
                            .build())
                    .build())
            .optDevices(new Device[] {Device.cpu()});
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(1).addAll(FashionMnistClassifier.IMAGE_SHAPE));
      int size = train.imageSize();
      float[] pixels = new float[settings.batchSize() * size];
      float[] labels = new float[settings.batchSize()];
      int[] order = new int[n];
      int step = 0;
      double accuracy = Double.NaN;
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        shuffle(order, random);
        for (int start = 0; start < n; start += settings.batchSize()) {
          int count = Math.min(settings.batchSize(), n - start);
          for (int i = 0; i < count; i++) {
            int image = order[start + i];
            for (int p = 0; p < size; p++) {
              pixels[i * size + p] = train.pixels()[image * size + p] & 0xFF;
            }
            labels[i] = train.labels()[image];
          }
          double loss = step(trainer, pixels, labels, count);
          step++;
          progress.onStep(step, totalSteps, epoch, loss);
        }
        accuracy = TrainedClassifier.accuracy(model, test, settings.testLimit());
        LOG.info("epoch {}: test accuracy {}", epoch, String.format("%.4f", accuracy));
        progress.onEpoch(epoch, accuracy);
      }
      int testImages =
          settings.testLimit() == 0 ? test.count() : Math.min(settings.testLimit(), test.count());
      return new TrainedClassifier(
          model,
          new CheckpointInfo(
              FashionMnistClassifier.ARCHITECTURE,
              FashionMnistClassifier.FEATURE_DIMENSION,
              accuracy,
              settings.epochs(),
              n,
              testImages,
              settings.seed(),
              Instant.now().toString()));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static double step(Trainer trainer, float[] pixels, float[] labels, int count) {
    try (NDManager step = trainer.getManager().newSubManager()) {
      NDArray x = FashionMnistClassifier.input(step, pixels, 0, count);
      NDArray y = step.create(Arrays.copyOf(labels, count));
      double value;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
        collector.backward(loss);
        value = loss.getFloat();
      }
      trainer.step();
      return value;
    }
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  private static void requireFashionMnistShape(LabeledImages split, String what) {
    if (split.height() != FashionMnistClassifier.SIZE
        || split.width() != FashionMnistClassifier.SIZE
        || split.channels() != 1
        || split.classNames().size() != FashionMnistClassifier.CLASSES) {
      throw new IllegalArgumentException(
          what
              + ": expected 28×28 gray images in 10 classes (Fashion-MNIST), got "
              + split.height()
              + "×"
              + split.width()
              + "×"
              + split.channels()
              + " in "
              + split.classNames().size()
              + " classes");
    }
  }
}
