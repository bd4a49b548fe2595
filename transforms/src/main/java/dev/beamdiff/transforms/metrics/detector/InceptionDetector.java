package dev.beamdiff.transforms.metrics.detector;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import dev.beamdiff.nn.InferenceMode;
import dev.beamdiff.transforms.metrics.FeatureBatch;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard FID feature network: Inception-v3 as NVIDIA's TorchScript export {@code
 * inception-2015-12-05.pt} (StyleGAN2-ADA, used by clean-fid and EDM), 2,048 pool-3 features.
 *
 * <p>Inputs are 3×299×299 float images in [0, 255], already resized (clean-fid's "clean" mode
 * resizes with Pillow bicubic before the network). The module is called as {@code forward(img,
 * return_features=True)}: it normalises with {@code (x − 128) / 128} and, at 299×299, its built-in
 * {@code affine_grid}/{@code grid_sample} resampling is the identity (the translation it adds,
 * {@code 1/width − 1/299}, is zero), so this matches clean-fid's call of {@code layers} on the
 * normalised input up to float rounding. DJL can call only a TorchScript module's top-level
 * methods, hence {@code forward} rather than {@code layers}.
 */
public final class InceptionDetector implements FeatureDetector {
  public static final DetectorInput INPUT = new DetectorInput(3, 299, 299);

  private final SharedResource.Lease<Model> model;
  private final PtSymbolBlock module;
  private final NDManager manager;

  private InceptionDetector(SharedResource.Lease<Model> model) {
    this.model = model;
    this.module = (PtSymbolBlock) model.get().getBlock();
    this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  /** Opens the TorchScript file, loading it once per JVM. */
  public static InceptionDetector open(Path torchScriptFile) {
    Path file = torchScriptFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Inception detector: "
              + file
              + " is not a file; pass the TorchScript inception-2015-12-05.pt"
              + " (https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/"
              + "inception-2015-12-05.pt)");
    }
    return new InceptionDetector(SharedResource.acquire("inception:" + file, () -> load(file)));
  }

  private static Model load(Path file) {
    Model model = Model.newInstance("inception", Device.cpu(), "PyTorch");
    try {
      model.load(file);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalArgumentException(
          "Inception detector: cannot load " + file + " as a TorchScript module: " + e.getMessage(),
          e);
    }
    if (!(model.getBlock() instanceof PtSymbolBlock)) {
      model.close();
      throw new IllegalArgumentException(
          "Inception detector: " + file + " did not load as a TorchScript module");
    }
    return model;
  }

  @Override
  public DetectorInput input() {
    return INPUT;
  }

  @Override
  public FeatureBatch extract(float[] images, int count) {
    if (count <= 0 || (long) count * INPUT.size() > images.length) {
      throw new IllegalArgumentException(
          "Inception detector: expected " + count + " images of " + INPUT + " floats");
    }
    // Beam worker threads start with autograd on: without this the network records its graph.
    try (InferenceMode mode = InferenceMode.enter();
        NDManager step = manager.newSubManager()) {
      PtNDArray batch =
          (PtNDArray)
              step.create(
                  FloatBuffer.wrap(images, 0, count * INPUT.size()),
                  new Shape(count, INPUT.channels(), INPUT.height(), INPUT.width()));
      try (IValue input = IValue.from(batch);
          IValue returnFeatures = IValue.from(true);
          IValue output = module.forward(input, returnFeatures)) {
        if (!output.isTensor()) {
          throw new IllegalStateException(
              "Inception detector: forward(img, True) returned "
                  + output.getType()
                  + ", expected a tensor");
        }
        PtNDArray features = output.toTensor((PtNDManager) step);
        Shape shape = features.getShape();
        if (shape.dimension() != 2 || shape.get(0) != count) {
          throw new IllegalStateException(
              "Inception detector: expected features of shape [" + count + ", D], got " + shape);
        }
        return new FeatureBatch(count, (int) shape.get(1), features.toFloatArray());
      }
    }
  }

  @Override
  public void close() {
    manager.close();
    model.close();
  }
}
