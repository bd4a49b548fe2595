package dev.beamdiff.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.Conditioning;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.Generation;
import dev.beamdiff.diffusion.sampling.Sampler;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.sampling.SamplingModel;
import dev.beamdiff.diffusion.sampling.StepListener;
import dev.beamdiff.nn.InferenceMode;
import java.util.Arrays;

/**
 * Draws images from a {@link DiffusionModel}: prior noise from the per-image seeds, a sampler over
 * a grid of noise levels, classifier-free guidance towards the requested labels, and a final clip
 * to the data range [−1, 1]. A batch with NaN values is an error, never an image. Not thread-safe
 * (one per thread, sharing nothing).
 */
public final class ImageGenerator {
  private final DiffusionModel model;

  public ImageGenerator(DiffusionModel model) {
    this.model = model;
  }

  /**
   * Images {@code [count, C, S, S]} in [−1, 1], in request order. Runs with autograd off whatever
   * the calling thread's state (a thread that trained, or a fresh worker thread, has it on).
   */
  public float[] generate(GenerationRequest request) {
    try (InferenceMode inference = InferenceMode.enter()) {
      return generateWithoutAutograd(request);
    }
  }

  private float[] generateWithoutAutograd(GenerationRequest request) {
    int[] labels = labelsFor(request);
    Sampler sampler = Samplers.byName(request.sampler());
    String spacing =
        request.spacing() != null ? request.spacing() : Samplers.defaultSpacing(request.sampler());
    SamplingGrid grid =
        SamplingGrid.of(
            model.diffusion().schedule(), Samplers.spacingByName(spacing), request.steps());
    long imageSize = model.spec().imageShape(1).size();
    float[] out = new float[Math.toIntExact(request.count() * imageSize)];
    for (int from = 0; from < request.count(); from += request.batchSize()) {
      int n = Math.min(request.batchSize(), request.count() - from);
      float[] images = batch(request, labels, sampler, grid, from, n);
      if (hasNaN(images)) {
        throw new IllegalStateException(
            String.format(
                "images %d…%d came out NaN: the network or the sampler diverged; check that the"
                    + " checkpoint's training loss was finite and try more sampling steps",
                request.firstIndex() + from, request.firstIndex() + from + n - 1));
      }
      System.arraycopy(images, 0, out, Math.toIntExact(from * imageSize), images.length);
    }
    return out;
  }

  /** Images {@code from … from + n − 1} of the request, clipped to [−1, 1]. */
  private float[] batch(
      GenerationRequest request,
      int[] labels,
      Sampler sampler,
      SamplingGrid grid,
      int from,
      int n) {
    try (NDManager scope = model.manager().newSubManager()) {
      SamplingModel.Builder builder = SamplingModel.builder(model.denoiser(), model.diffusion());
      if (labels != null) {
        int[] batchLabels = Arrays.copyOfRange(labels, from, from + n);
        builder.conditioning(Conditioning.of(scope.create(batchLabels)));
        if (request.guidance() != 1) {
          int[] nullLabels = GenerationRequest.sameLabel(n, model.spec().numClasses());
          builder.guidance(request.guidance(), Conditioning.of(scope.create(nullLabels)));
        }
      }
      Shape shape = model.spec().imageShape(n);
      SeededNoise noise = SeededNoise.forIndices(request.seed(), request.firstIndex() + from, n);
      NDArray x =
          Generation.generate(
              sampler, builder.build(), scope, shape, grid, noise, StepListener.NONE);
      return x.clip(-1f, 1f).toFloatArray();
    }
  }

  private static boolean hasNaN(float[] values) {
    for (float v : values) {
      if (Float.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  private int[] labelsFor(GenerationRequest request) {
    int classes = model.spec().numClasses();
    int[] labels = request.labels();
    if (classes == 0) {
      if (labels != null) {
        throw new IllegalArgumentException(
            "labels: the model is unconditional (trained without classes); omit --class");
      }
      if (request.guidance() != 1) {
        throw new IllegalArgumentException(
            "guidance: an unconditional model has nothing to guide towards; use guidance 1");
      }
      return null;
    }
    if (labels == null) {
      labels = new int[request.count()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (int) ((request.firstIndex() + i) % classes);
      }
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "labels: class "
                + label
                + " is out of range; the model has classes 0…"
                + (classes - 1));
      }
    }
    return labels;
  }
}
