package dev.beamdiff.generate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.beamdiff.diffusion.Conditioning;
import dev.beamdiff.diffusion.Denoiser;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.nn.unet.UNet;
import dev.beamdiff.train.checkpoint.Checkpoint;
import dev.beamdiff.train.checkpoint.ModelParameters;

/**
 * A UNet with its weights and the diffusion it was trained for: the network the trainer updates, or
 * one rebuilt from a checkpoint for sampling. Owns an {@link NDManager}; close it when done.
 */
public final class DiffusionModel implements AutoCloseable {
  private final ModelSpec spec;
  private final DiffusionSpec diffusion;
  private final NDManager manager;
  private final UNet network;
  private final ParameterStore parameterStore;
  private final ModelParameters parameters;

  private DiffusionModel(ModelSpec spec, long initSeed) {
    this.spec = spec;
    this.diffusion = spec.diffusion();
    this.manager = NDManager.newBaseManager();
    this.network = new UNet(spec.unet());
    Engine.getInstance().setRandomSeed((int) (initSeed ^ (initSeed >>> 32)));
    Shape batch = new Shape(1);
    if (spec.numClasses() > 0) {
      network.initialize(manager, DataType.FLOAT32, spec.imageShape(1), batch, batch);
    } else {
      network.initialize(manager, DataType.FLOAT32, spec.imageShape(1), batch);
    }
    this.parameterStore = new ParameterStore(manager, false);
    this.parameters = new ModelParameters(network);
  }

  /** A freshly initialised model; the initial weights are a function of {@code initSeed}. */
  public static DiffusionModel create(ModelSpec spec, long initSeed) {
    return new DiffusionModel(spec, initSeed);
  }

  /**
   * The model a checkpoint holds, with its exponential-moving-average weights ({@code ema}) or the
   * raw trained weights.
   */
  public static DiffusionModel fromCheckpoint(Checkpoint checkpoint, boolean ema, String source) {
    ModelSpec spec = ModelSpec.fromConfigJson(checkpoint.configJson(), source);
    DiffusionModel model = new DiffusionModel(spec, 0);
    try {
      model.parameters.load(
          ema ? checkpoint.emaWeights() : checkpoint.weights(),
          source + (ema ? " EMA weights" : " weights"));
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public ModelSpec spec() {
    return spec;
  }

  public DiffusionSpec diffusion() {
    return diffusion;
  }

  /** The manager the weights live in; make per-step sub-managers from it. */
  public NDManager manager() {
    return manager;
  }

  public UNet network() {
    return network;
  }

  public ParameterStore parameterStore() {
    return parameterStore;
  }

  public ModelParameters parameters() {
    return parameters;
  }

  /**
   * The network as the samplers' {@link Denoiser}, in inference mode: conditioning input 0, if any,
   * holds the class labels [B].
   */
  public Denoiser denoiser() {
    return (input, noise, conditioning) -> forward(input, noise, conditioning, false);
  }

  /** The network as a {@link Denoiser} in training mode (dropout on), for the loss. */
  public Denoiser trainingDenoiser() {
    return (input, noise, conditioning) -> forward(input, noise, conditioning, true);
  }

  /** One network call; {@code training} enables dropout. */
  public NDArray forward(
      NDArray input, NDArray noiseConditioning, Conditioning conditioning, boolean training) {
    NDList inputs =
        conditioning.isEmpty()
            ? new NDList(input, noiseConditioning)
            : new NDList(input, noiseConditioning, conditioning.get(0));
    return network.forward(parameterStore, inputs, training).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }
}
