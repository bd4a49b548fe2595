package dev.beamdiff.tutorials;

import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ImageGenerator;
import dev.beamdiff.viz.ImageGrid;
import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chapter 6: classifier-free guidance (Ho &amp; Salimans 2022, arXiv:2207.12598). Trains one
 * class-conditional network that also learns the unconditional model by dropping labels (Alg. 1),
 * then samples every class with guidance scales 0, 1, 2 and 4 from the same seeds (Alg. 2, Eq. 6),
 * and measures how far guidance moves the samples and how recognisable their class becomes.
 */
public final class Chapter6Guidance implements TutorialChapter {
  private static final double[] SCALES = {0, 1, 2, 4};
  private static final int SIZE = FashionMnist.SIZE;
  private static final int PIXELS = SIZE * SIZE;
  private static final int CLASSES = 10;

  @Override
  public int number() {
    return 6;
  }

  @Override
  public String title() {
    return "Classifier-free guidance: a class-conditional model and a guidance sweep";
  }

  @Override
  public String markdown() {
    return "06-guidance.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    DiffusionDataset data = FashionMnist.train();
    TutorialModel conditional = TutorialModel.classConditional(fast);
    TutorialModel.Training training = conditional.train(outDir, data);
    results.measure("train.updates", training.steps().size());
    results.measure("train.seconds", training.summary().trainingSeconds());
    int seeds = fast ? 1 : 3;
    int steps = fast ? 10 : 50;
    float[][] means = classMeans(data);
    results.measure("nearest-class-mean-accuracy(test images)", testAccuracy(means));
    try (DiffusionModel model = conditional.loadOrTrain(outDir)) {
      ImageGenerator generator = new ImageGenerator(model);
      float[][] samples = new float[SCALES.length][];
      for (int g = 0; g < SCALES.length; g++) {
        samples[g] = sweep(generator, SCALES[g], seeds, steps);
      }
      results.measure(
          "same-seed.max|Δ|(g=2)",
          Pixels.maxAbs(samples[2], sweep(generator, SCALES[2], seeds, steps)));
      measure(samples, means, results);
      grid(samples, seeds, results);
    }
    return results.result();
  }

  /** Every class {@code seeds} times (image {@code c·seeds + s}: class c, seed s) at scale g. */
  private static float[] sweep(ImageGenerator generator, double guidance, int seeds, int steps) {
    int[] labels = new int[CLASSES * seeds];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i / seeds;
    }
    // tutorial:begin sweep
    GenerationRequest request =
        new GenerationRequest(
            "ddim", // deterministic: the scale is the only thing that changes
            steps,
            null, // DDIM's usual trailing spacing
            labels.length,
            labels, // one class per image
            guidance, // g: 0 unconditional, 1 conditional, > 1 guided
            6, // image i starts from the noise of seed (6, i) at every scale
            0,
            labels.length);
    return generator.generate(request);
    // tutorial:end sweep
  }

  /** How far each scale moves the samples from the unconditional ones, and class agreement. */
  private static void measure(float[][] samples, float[][] means, ChapterResults results) {
    double[] scales = SCALES.clone();
    double[] accuracy = new double[SCALES.length];
    double[] shift = new double[SCALES.length];
    double[] std = new double[SCALES.length];
    for (int g = 0; g < SCALES.length; g++) {
      String at = String.format(Locale.ROOT, "(g=%.0f)", SCALES[g]);
      shift[g] = results.measure("rms-from-unconditional" + at, Pixels.rms(samples[g], samples[0]));
      int[] asked = new int[samples[g].length / PIXELS];
      for (int i = 0; i < asked.length; i++) {
        asked[i] = i * CLASSES / asked.length; // the sweep's order: class-major
      }
      accuracy[g] =
          results.measure("nearest-class-mean-accuracy" + at, accuracy(samples[g], asked, means));
      std[g] = results.measure("pixel-std" + at, Pixels.std(samples[g]));
      results.measure("fraction(|x|>0.9)" + at, Pixels.saturated(samples[g]));
    }
    new LineChart("Guidance sweep: what the scale g does", "guidance scale g", "value")
        .series("nearest-class-mean accuracy", scales, accuracy)
        .series("RMS change from g = 0", scales, shift)
        .series("pixel std", scales, std)
        .markers(true)
        .write(results.figure("06-guidance-measures.png"), 800, 440);
  }

  /** One row per class; for each scale, its seeds side by side. */
  private static void grid(float[][] samples, int seeds, ChapterResults results) {
    int columns = SCALES.length * seeds;
    float[] tiles = new float[CLASSES * columns * PIXELS];
    for (int c = 0; c < CLASSES; c++) {
      for (int g = 0; g < SCALES.length; g++) {
        for (int s = 0; s < seeds; s++) {
          int tile = c * columns + g * seeds + s;
          System.arraycopy(samples[g], (c * seeds + s) * PIXELS, tiles, tile * PIXELS, PIXELS);
        }
      }
    }
    new ImageGrid(columns, 2, 2)
        .write(results.figure("06-guidance-sweep.png"), tiles, CLASSES * columns, 1, SIZE, SIZE);
  }

  /** The mean training image of each class, a crude classifier that needs no training. */
  private static float[][] classMeans(DiffusionDataset data) {
    float[][] means = new float[CLASSES][PIXELS];
    int[] counts = new int[CLASSES];
    float[] image = new float[PIXELS];
    int n = Math.min(data.size(), 12_000);
    for (int i = 0; i < n; i++) {
      int label = data.read(i, image, 0);
      counts[label]++;
      for (int p = 0; p < PIXELS; p++) {
        means[label][p] += image[p];
      }
    }
    for (int c = 0; c < CLASSES; c++) {
      for (int p = 0; p < PIXELS; p++) {
        means[c][p] /= counts[c];
      }
    }
    return means;
  }

  /** The nearest-class-mean rule on the first 2,000 test images. */
  private static double testAccuracy(float[][] means) {
    DiffusionDataset test = FashionMnist.test();
    int n = Math.min(test.size(), 2_000);
    float[] images = new float[n * PIXELS];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = test.read(i, images, i * PIXELS);
    }
    return accuracy(images, labels, means);
  }

  /** Fraction of images whose nearest class mean (Euclidean) is their label. */
  private static double accuracy(float[] images, int[] labels, float[][] means) {
    int n = labels.length;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int best = -1;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        double d = 0;
        for (int p = 0; p < PIXELS; p++) {
          double diff = images[i * PIXELS + p] - means[c][p];
          d += diff * diff;
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return (double) correct / n;
  }
}
