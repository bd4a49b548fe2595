package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.DdpmSampler;
import dev.beamdiff.diffusion.sampling.Generation;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.sampling.SamplingModel;
import dev.beamdiff.diffusion.sampling.StepListener;
import dev.beamdiff.diffusion.sampling.TimeSpacing;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.train.StepMetrics;
import dev.beamdiff.viz.ImageGrid;
import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 2: DDPM (Ho et al. 2020, arXiv:2006.11239). Trains a small ε-prediction UNet on
 * Fashion-MNIST with the simplified objective (Alg. 1, Eq. 14) and draws samples with the ancestral
 * sampler (Alg. 2), recording the sample {@code x_t} and the network's guess {@code x̂0} along the
 * way.
 */
public final class Chapter2Ddpm implements TutorialChapter {
  /** Seeds of the trajectory figure's rows. */
  private static final int TRAJECTORIES = 4;

  @Override
  public int number() {
    return 2;
  }

  @Override
  public String title() {
    return "DDPM: the ε-prediction objective and ancestral sampling";
  }

  @Override
  public String markdown() {
    return "02-ddpm.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    DiffusionDataset data = FashionMnist.train();
    // tutorial:begin train
    TutorialModel ddpm = TutorialModel.ddpm(fast); // linear β, T = 1000, ε-prediction
    TutorialModel.Training training = ddpm.train(outDir, data);
    // tutorial:end train
    plotLoss(training, results);
    int steps = fast ? 20 : 250;
    try (DiffusionModel model = ddpm.loadOrTrain(outDir)) {
      samples(model, steps, fast ? 8 : 32, results);
      trajectory(model, steps, results);
      determinism(model, results);
    }
    return results.result();
  }

  private static void plotLoss(TutorialModel.Training training, ChapterResults results) {
    List<StepMetrics> steps = training.steps();
    double[] step = steps.stream().mapToDouble(StepMetrics::step).toArray();
    double[] loss = steps.stream().mapToDouble(StepMetrics::loss).toArray();
    int window = Math.max(1, loss.length / 10);
    results.measure("model.parameters", training.parameters());
    results.measure("train.updates", loss.length);
    results.measure("train.seconds", training.summary().trainingSeconds());
    results.measure("loss.update1", loss[0]);
    results.measure("loss.mean(first 10%)", mean(loss, 0, window));
    results.measure("loss.mean(last 10%)", mean(loss, loss.length - window, loss.length));
    double[] smooth = new double[loss.length];
    for (int i = 0; i < loss.length; i++) {
      smooth[i] =
          mean(loss, Math.max(0, i - window / 2), Math.min(loss.length, i + window / 2 + 1));
    }
    new LineChart("DDPM training loss: ‖ε − ε_θ(x_t, t)‖² per pixel", "update", "loss")
        .series("loss of the batch", step, loss)
        .series("running mean", step, smooth)
        .logAxes(false, true)
        .write(results.figure("02-loss.png"), 800, 420);
  }

  /** An 8-column grid of ancestral samples with T steps. */
  private static void samples(DiffusionModel model, int steps, int count, ChapterResults results) {
    float[] images;
    try (NDManager scope = model.manager().newSubManager()) {
      // tutorial:begin ancestral
      X0Predictor network = SamplingModel.builder(model.denoiser(), model.diffusion()).build();
      SamplingGrid grid =
          SamplingGrid.of(model.diffusion().schedule(), TimeSpacing.LINSPACE, steps);
      DdpmSampler ancestral = new DdpmSampler(DdpmSampler.Variance.SMALL); // σ_t² = β̃_t
      SeededNoise noise = SeededNoise.forIndices(1, 0, count); // image i: seed (1, i)
      Shape shape = model.spec().imageShape(count); // [count, 1, 28, 28]
      NDArray x0 =
          Generation.generate(ancestral, network, scope, shape, grid, noise, StepListener.NONE);
      // tutorial:end ancestral
      images = x0.clip(-1f, 1f).toFloatArray();
      results.measure("samples.nfe", grid.steps());
      results.measure("samples.pixel-std", Pixels.std(images));
      results.measure("samples.fraction(|x|>0.9)", Pixels.saturated(images));
    }
    new ImageGrid(8, 2, 2)
        .write(
            results.figure("02-samples.png"),
            images,
            count,
            1,
            FashionMnist.SIZE,
            FashionMnist.SIZE);
  }

  /**
   * For a few seeds, the sample {@code x_t} and the network's {@code x̂0} at 8 moments of the
   * ancestral chain: rows alternate between the two.
   */
  private static void trajectory(DiffusionModel model, int steps, ChapterResults results) {
    int moments = 8;
    int pixels = FashionMnist.SIZE * FashionMnist.SIZE;
    float[] tiles = new float[TRAJECTORIES * 2 * moments * pixels];
    int[] recorded = new int[1];
    try (NDManager scope = model.manager().newSubManager()) {
      X0Predictor network = SamplingModel.builder(model.denoiser(), model.diffusion()).build();
      SamplingGrid grid =
          SamplingGrid.of(model.diffusion().schedule(), TimeSpacing.LINSPACE, steps);
      int[] calls = new int[1];
      X0Predictor recording =
          (x, veSigma) -> {
            NDArray x0 = network.predictX0(x, veSigma);
            int call = calls[0]++;
            int moment = (int) Math.round((double) call * (moments - 1) / (steps - 1));
            if (call == Math.round((double) moment * (steps - 1) / (moments - 1))) {
              double alpha = grid.level(call).alpha(); // show x_t = α·x̃, not x̃
              copyRows(x.mul(alpha).toFloatArray(), tiles, 0, moment, moments, pixels);
              copyRows(x0.clip(-1f, 1f).toFloatArray(), tiles, 1, moment, moments, pixels);
              recorded[0]++;
            }
            return x0;
          };
      SeededNoise noise = SeededNoise.forIndices(1, 0, TRAJECTORIES);
      Generation.generate(
          new DdpmSampler(),
          recording,
          scope,
          model.spec().imageShape(TRAJECTORIES),
          grid,
          noise,
          StepListener.NONE);
    }
    results.measure("trajectory.moments", recorded[0]);
    new ImageGrid(moments, 2, 2)
        .write(
            results.figure("02-trajectory.png"),
            tiles,
            TRAJECTORIES * 2 * moments,
            1,
            FashionMnist.SIZE,
            FashionMnist.SIZE);
  }

  /** Image b's rows: tile row {@code 2b + which}, column {@code moment}. */
  private static void copyRows(
      float[] batch, float[] tiles, int which, int moment, int moments, int pixels) {
    for (int b = 0; b < TRAJECTORIES; b++) {
      int tile = (2 * b + which) * moments + moment;
      System.arraycopy(batch, b * pixels, tiles, tile * pixels, pixels);
    }
  }

  /** Same seeds give the same images, bit for bit; other seeds give others. */
  private static void determinism(DiffusionModel model, ChapterResults results) {
    float[] first = sample(model, 1);
    float[] again = sample(model, 1);
    float[] other = sample(model, 2);
    results.measure("same-seed.max|Δ|", Pixels.maxAbs(first, again));
    results.measure("other-seed.rms|Δ|", Pixels.rms(first, other));
  }

  private static float[] sample(DiffusionModel model, long seed) {
    try (NDManager scope = model.manager().newSubManager()) {
      X0Predictor network = SamplingModel.builder(model.denoiser(), model.diffusion()).build();
      SamplingGrid grid = SamplingGrid.of(model.diffusion().schedule(), TimeSpacing.LINSPACE, 10);
      return Generation.generate(
              new DdpmSampler(),
              network,
              scope,
              model.spec().imageShape(4),
              grid,
              SeededNoise.forIndices(seed, 0, 4),
              StepListener.NONE)
          .clip(-1f, 1f)
          .toFloatArray();
    }
  }

  static double mean(double[] values, int from, int to) {
    return Arrays.stream(values, from, to).average().orElseThrow();
  }
}
