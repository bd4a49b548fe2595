package dev.beamdiff.tutorials;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.cli.TutorialChapter;
import dev.beamdiff.data.DiffusionDataset;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.DdimSampler;
import dev.beamdiff.diffusion.sampling.DdpmSampler;
import dev.beamdiff.diffusion.sampling.Generation;
import dev.beamdiff.diffusion.sampling.Sampler;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.sampling.SamplingModel;
import dev.beamdiff.diffusion.sampling.StepListener;
import dev.beamdiff.diffusion.sampling.TimeSpacing;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.viz.ImageGrid;
import dev.beamdiff.viz.LineChart;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chapter 3: DDIM and the ODE view (Song, Meng &amp; Ermon 2021, arXiv:2010.02502). With η = 0 the
 * DDIM update (Eq. 12) has no noise: a fixed start gives a fixed image, and as the steps shrink the
 * images converge to the solution of the ODE (Eq. 14) that DDIM discretises. Running that ODE
 * backwards encodes an image into its latent ({@link DdimInversion}); decoding it again
 * reconstructs the image with an error that falls with the number of steps (§5.4, Table 2). Uses
 * chapter 2's model (trained first if its checkpoint is missing).
 */
public final class Chapter3Ddim implements TutorialChapter {
  private static final int SIZE = FashionMnist.SIZE;
  private static final int PIXELS = SIZE * SIZE;

  /** Deterministic DDIM (η = 0) draws no noise; samplers still take a source. */
  private static final SeededNoise NO_NOISE = SeededNoise.of(0);

  @Override
  public int number() {
    return 3;
  }

  @Override
  public String title() {
    return "DDIM and the ODE view: deterministic sampling, inversion, reconstruction";
  }

  @Override
  public String markdown() {
    return "03-ddim.md";
  }

  @Override
  public Result run(Path outDir, boolean fast) {
    ChapterResults results = new ChapterResults(outDir);
    int[] steps = fast ? new int[] {5, 10, 20} : new int[] {5, 10, 20, 50, 100};
    try (DiffusionModel model = TutorialModel.ddpm(fast).loadOrTrain(outDir)) {
      X0Predictor network = SamplingModel.builder(model.denoiser(), model.diffusion()).build();
      convergence(model, network, steps, fast ? 60 : 1000, fast ? 4 : 8, results);
      reconstruction(model, network, steps, fast ? 4 : 8, results);
    }
    return results.result();
  }

  /**
   * The same starts sampled with N steps of DDIM (η = 0) and of DDPM's ancestral sampler, against a
   * DDIM run with many steps: DDIM converges to it, the ancestral sampler does not.
   */
  private static void convergence(
      DiffusionModel model,
      X0Predictor network,
      int[] steps,
      int referenceSteps,
      int count,
      ChapterResults results) {
    float[] reference = sample(model, network, new DdimSampler(0), referenceSteps, count);
    float[] tiles = new float[(steps.length + 1) * count * PIXELS];
    double[] n = new double[steps.length];
    double[] ddimDistance = new double[steps.length];
    double[] ddpmDistance = new double[steps.length];
    for (int k = 0; k < steps.length; k++) {
      n[k] = steps[k];
      float[] ddim = sample(model, network, new DdimSampler(0), steps[k], count);
      float[] ddpm = sample(model, network, new DdpmSampler(), steps[k], count);
      System.arraycopy(ddim, 0, tiles, k * count * PIXELS, ddim.length);
      ddimDistance[k] =
          results.measure("ddim.rms-to-reference(N=" + steps[k] + ")", Pixels.rms(ddim, reference));
      ddpmDistance[k] =
          results.measure("ddpm.rms-to-reference(N=" + steps[k] + ")", Pixels.rms(ddpm, reference));
    }
    float[] again = sample(model, network, new DdimSampler(0), steps[0], count);
    float[] first = new float[again.length];
    System.arraycopy(tiles, 0, first, 0, first.length);
    results.measure("ddim.same-start.max|Δ|", Pixels.maxAbs(first, again));
    System.arraycopy(reference, 0, tiles, steps.length * count * PIXELS, reference.length);
    new ImageGrid(count, 2, 2)
        .write(results.figure("03-ddim-steps.png"), tiles, tiles.length / PIXELS, 1, SIZE, SIZE);
    new LineChart(
            String.format(
                Locale.ROOT, "Distance to the %d-step DDIM image, same start", referenceSteps),
            "steps N",
            "RMS pixel difference")
        .series("DDIM (η = 0)", n, ddimDistance)
        .series("DDPM ancestral", n, ddpmDistance)
        .logAxes(true, true)
        .markers(true)
        .write(results.figure("03-convergence.png"), 800, 440);
  }

  /** Images from the same seeds with {@code sampler} over N trailing-spaced steps, in [−1, 1]. */
  private static float[] sample(
      DiffusionModel model, X0Predictor network, Sampler sampler, int steps, int count) {
    try (NDManager scope = model.manager().newSubManager()) {
      // tutorial:begin sample
      SamplingGrid grid =
          SamplingGrid.of(model.diffusion().schedule(), TimeSpacing.TRAILING, steps);
      SeededNoise noise = SeededNoise.forIndices(3, 0, count); // the same starts for every N
      Shape shape = model.spec().imageShape(count);
      NDArray x0 =
          Generation.generate(sampler, network, scope, shape, grid, noise, StepListener.NONE);
      // tutorial:end sample
      return x0.clip(-1f, 1f).toFloatArray();
    }
  }

  /**
   * Test images encoded with {@link DdimInversion} and decoded with DDIM over the same grid, for
   * each N: the reconstruction error against N, and the images.
   */
  private static void reconstruction(
      DiffusionModel model, X0Predictor network, int[] steps, int count, ChapterResults results) {
    DiffusionDataset test = FashionMnist.test();
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = 17 * i;
    }
    float[] images = FashionMnist.images(test, indices);
    int rows = 2 + 2;
    float[] tiles = new float[rows * count * PIXELS];
    System.arraycopy(images, 0, tiles, 0, images.length);
    double[] n = new double[steps.length];
    double[] error = new double[steps.length];
    double[] mse = new double[steps.length];
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray x0 = scope.create(images, model.spec().imageShape(count));
      for (int k = 0; k < steps.length; k++) {
        n[k] = steps[k];
        float[] latent;
        float[] decoded;
        try (NDManager run = scope.newSubManager()) {
          run.tempAttachAll(x0);
          // tutorial:begin invert
          SamplingGrid grid =
              SamplingGrid.of(model.diffusion().schedule(), TimeSpacing.TRAILING, steps[k]);
          NDArray xT = DdimInversion.encode(network, x0, grid); // image → latent at σ̃_N
          NDArray back = new DdimSampler(0).sample(network, xT, grid, NO_NOISE); // latent → image
          // tutorial:end invert
          double scale = 1 / Math.sqrt(1 + grid.veSigma(0) * grid.veSigma(0)); // x_T = α·x̃_T
          latent = xT.mul(scale).toFloatArray();
          decoded = back.toFloatArray();
        }
        error[k] =
            results.measure("inversion.rms(N=" + steps[k] + ")", Pixels.rms(decoded, images));
        mse[k] = results.measure("inversion.mse(N=" + steps[k] + ")", error[k] * error[k]);
        if (k == steps.length - 1) {
          System.arraycopy(latent, 0, tiles, count * PIXELS, latent.length);
          System.arraycopy(decoded, 0, tiles, 3 * count * PIXELS, decoded.length);
          results.measure("latent.std", Pixels.std(latent));
        }
        if (k == 0) {
          System.arraycopy(decoded, 0, tiles, 2 * count * PIXELS, decoded.length);
        }
      }
    }
    for (int i = 0; i < tiles.length; i++) {
      tiles[i] = Math.max(-1, Math.min(1, tiles[i]));
    }
    new ImageGrid(count, 2, 2)
        .write(results.figure("03-inversion.png"), tiles, rows * count, 1, SIZE, SIZE);
    new LineChart("DDIM inversion → reconstruction of test images", "steps N", "error")
        .series("RMS pixel error", n, error)
        .series("mean squared error", n, mse)
        .logAxes(true, true)
        .markers(true)
        .write(results.figure("03-reconstruction.png"), 800, 440);
  }
}
