package dev.beamdiff.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.beamdiff.nn.Convolution2d;
import dev.beamdiff.nn.GroupNorm;
import dev.beamdiff.nn.Silu;
import dev.beamdiff.nn.embedding.LabelEmbedding;
import dev.beamdiff.nn.embedding.NoiseLevelEmbedding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The DDPM UNet (Ho et al. 2020, "Denoising Diffusion Probabilistic Models", Appendix B; after the
 * PixelCNN++ backbone of Salimans et al. 2017 and the Wide ResNet of Zagoruyko &amp; Komodakis
 * 2016), NCHW, with optional class conditioning for classifier-free guidance (Ho &amp; Salimans
 * 2022). It maps a noisy image and its noise condition to a prediction of the same size:
 *
 * <pre>
 *   emb = NoiseLevelEmbedding(c_noise) [+ LabelEmbedding(y)],  s = SiLU(emb)
 *   h₀  = Conv3×3(x)                                            pushed on the skip stack
 *   down, level i = 0 … L−1 (width w_i = base·mult_i, resolution S/2^i):
 *         resBlocksPerLevel × [ h = ResidualBlock(h, s) → w_i; h = Attention(h) if at this
 *         resolution ], each result pushed; then, except at the last level, h = Downsample(h), pushed
 *   middle: h = ResidualBlock(h, s); h = Attention(h); h = ResidualBlock(h, s)
 *   up, level i = L−1 … 0:
 *         (resBlocksPerLevel + 1) × [ h = ResidualBlock(concat(h, pop()), s) → w_i; attention as
 *         on the way down ]; then, except at level 0, h = Upsample(h)
 *   out = Conv3×3( SiLU( GN(h) ) )                              zero-initialised
 * </pre>
 *
 * <p>Input: {@code NDList(x [B, C_in, S, S] float32, c_noise [B] float32[, labels [B]
 * int32/int64])}; output {@code NDList([B, C_out, S, S])}. The noise condition is embedded as given
 * (see {@link dev.beamdiff.nn.embedding.SinusoidalEmbedding} for its scale). A class-conditional
 * network given no labels uses the null label for the whole batch. All arrays a forward pass makes
 * are attached to the manager of {@code x}; its intermediates are closed as soon as they are
 * consumed, and nothing is copied to the host, so the block runs on any device its parameters live
 * on.
 *
 * <p>Parameter names are the child names below, joined by {@code _} with DJL's two-digit ordinal
 * prefix: {@code noiseEmbedding}, {@code labelEmbedding}, {@code convIn}, {@code down{i}Res{j}},
 * {@code down{i}Attn{j}}, {@code down{i}Sample}, {@code midRes0}, {@code midAttn}, {@code midRes1},
 * {@code up{i}Res{j}}, {@code up{i}Attn{j}}, {@code up{i}Sample}, {@code outNorm}, {@code convOut}.
 */
public final class UNet extends AbstractBlock {
  private static final byte VERSION = 1;

  private final UNetConfig config;
  private final NoiseLevelEmbedding noiseEmbedding;
  private final LabelEmbedding labelEmbedding;
  private final Convolution2d convIn;
  private final List<Layer> layers = new ArrayList<>();
  private final GroupNorm outNorm;
  private final Convolution2d convOut;

  /**
   * One step of the forward pass.
   *
   * @param block the block to apply
   * @param takesEmbedding whether the block is a residual block, which also takes s
   * @param concatSkip whether the input is concat(h, pop()) instead of h
   * @param pushSkip whether the output is pushed on the skip stack
   */
  private record Layer(Block block, boolean takesEmbedding, boolean concatSkip, boolean pushSkip) {
    Shape[] inputShapes(Shape h, Shape embedding) {
      return takesEmbedding ? new Shape[] {h, embedding} : new Shape[] {h};
    }
  }

  /**
   * Builds the network; parameters are created when it is initialised with the input shapes.
   *
   * @param config the hyper-parameters
   */
  public UNet(UNetConfig config) {
    super(VERSION);
    this.config = config;
    noiseEmbedding =
        addChildBlock(
            "noiseEmbedding",
            DdpmInit.glorot(
                new NoiseLevelEmbedding(config.noiseEmbeddingDim(), config.timeEmbeddingDim())));
    labelEmbedding =
        config.isClassConditional()
            ? addChildBlock(
                "labelEmbedding",
                new LabelEmbedding(config.numClasses(), config.timeEmbeddingDim()))
            : null;
    convIn =
        addChildBlock("convIn", DdpmInit.glorot(Convolution2d.same(config.baseChannels(), 3, 1)));
    Deque<Integer> skipChannels = new ArrayDeque<>();
    int channels = config.baseChannels();
    skipChannels.push(channels);
    int last = config.levels() - 1;
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < config.resBlocksPerLevel(); j++) {
        channels = addResidual("down" + i + "Res" + j, channels, config.channels(i), false, i);
        skipChannels.push(channels);
      }
      if (i != last) {
        add("down" + i + "Sample", new Downsample(channels), false, true);
        skipChannels.push(channels);
      }
    }
    add("midRes0", residual(channels, channels), false, false);
    add("midAttn", attention(channels), false, false);
    add("midRes1", residual(channels, channels), false, false);
    for (int i = last; i >= 0; i--) {
      for (int j = 0; j <= config.resBlocksPerLevel(); j++) {
        int in = channels + skipChannels.pop();
        channels = addResidual("up" + i + "Res" + j, in, config.channels(i), true, i);
      }
      if (i != 0) {
        add("up" + i + "Sample", new Upsample(channels), false, false);
      }
    }
    outNorm = addChildBlock("outNorm", new GroupNorm(config.normGroups(), config.normEpsilon()));
    convOut =
        addChildBlock("convOut", DdpmInit.zero(Convolution2d.same(config.outChannels(), 3, 1)));
  }

  /** Adds a residual block and, at attention levels, its attention block; returns the width. */
  private int addResidual(String name, int in, int out, boolean upPath, int level) {
    boolean attend = config.hasAttention(level);
    add(name, residual(in, out), upPath, !upPath && !attend);
    if (attend) {
      add(name.replace("Res", "Attn"), attention(out), false, !upPath);
    }
    return out;
  }

  private ResidualBlock residual(int in, int out) {
    return new ResidualBlock(in, out, config.normGroups(), config.normEpsilon(), config.dropout());
  }

  private AttentionBlock attention(int channels) {
    return new AttentionBlock(
        channels, config.attentionHeads(), config.normGroups(), config.normEpsilon());
  }

  private void add(String name, Block block, boolean concatSkip, boolean pushSkip) {
    addChildBlock(name, block);
    layers.add(new Layer(block, block instanceof ResidualBlock, concatSkip, pushSkip));
  }

  /** Returns the hyper-parameters. */
  public UNetConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    checkInputs(inputs.getShapes());
    NDArray x = inputs.get(0);
    NDArray activatedEmbedding;
    try (NDArray embedding = embed(ps, inputs, training)) {
      activatedEmbedding = Silu.silu(embedding);
    }
    Deque<NDArray> skips = new ArrayDeque<>();
    NDArray h = convIn.forward(ps, new NDList(x), training).head();
    skips.push(h);
    boolean hOnStack = true;
    for (Layer layer : layers) {
      NDArray input = h;
      boolean ownsInput = !hOnStack;
      if (layer.concatSkip()) {
        try (NDArray skip = skips.pop()) {
          input = h.concat(skip, 1);
        }
        if (!hOnStack) {
          h.close();
        }
        ownsInput = true;
      }
      NDList in =
          layer.takesEmbedding() ? new NDList(input, activatedEmbedding) : new NDList(input);
      h = layer.block().forward(ps, in, training).head();
      if (ownsInput) {
        input.close();
      }
      hOnStack = layer.pushSkip();
      if (hOnStack) {
        skips.push(h);
      }
    }
    activatedEmbedding.close();
    try (NDArray last = h;
        NDArray normed = outNorm.forward(ps, new NDList(last), training).head();
        NDArray activated = Silu.silu(normed)) {
      return convOut.forward(ps, new NDList(activated), training);
    }
  }

  /** The noise-level embedding plus, for a class-conditional network, the label embedding. */
  private NDArray embed(ParameterStore ps, NDList inputs, boolean training) {
    NDArray embedding = noiseEmbedding.forward(ps, new NDList(inputs.get(1)), training).head();
    if (labelEmbedding != null) {
      boolean given = inputs.size() > 2;
      NDArray labels = given ? inputs.get(2) : nullLabels(inputs.get(0));
      try (NDArray label = labelEmbedding.forward(ps, new NDList(labels), training).head()) {
        embedding.addi(label); // in place on a dense-layer output: autograd does not need it
      } finally {
        if (!given) {
          labels.close();
        }
      }
    }
    return embedding;
  }

  /** The null label ∅ for every sample of {@code x}'s batch, on {@code x}'s device. */
  private NDArray nullLabels(NDArray x) {
    return x.getManager()
        .full(
            new Shape(x.getShape().get(0)),
            labelEmbedding.nullLabel(),
            DataType.INT64,
            x.getDevice());
  }

  private void checkInputs(Shape[] shapes) {
    int s = config.imageSize();
    boolean ok =
        shapes.length >= 2
            && shapes.length <= (config.isClassConditional() ? 3 : 2)
            && shapes[0].dimension() == 4
            && shapes[0].get(1) == config.inChannels()
            && shapes[0].get(2) == s
            && shapes[0].get(3) == s;
    long batch = ok ? shapes[0].get(0) : -1;
    for (int i = 1; ok && i < shapes.length; i++) {
      ok = shapes[i].dimension() == 1 && shapes[i].get(0) == batch;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "UNet expects (x [B, "
              + config.inChannels()
              + ", "
              + s
              + ", "
              + s
              + "], noise condition [B]"
              + (config.isClassConditional()
                  ? ", optional labels [B] in [0, " + config.numClasses() + "])"
                  : ") (the network is unconditional: no labels)")
              + ", got "
              + Arrays.toString(shapes));
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    checkInputs(inputShapes);
    Shape x = inputShapes[0];
    Shape batch = new Shape(x.get(0));
    noiseEmbedding.initialize(manager, dataType, batch);
    if (labelEmbedding != null) {
      labelEmbedding.initialize(manager, dataType, batch);
    }
    Shape embedding = new Shape(x.get(0), config.timeEmbeddingDim());
    convIn.initialize(manager, dataType, x);
    Shape h = convIn.getOutputShapes(new Shape[] {x})[0];
    Deque<Shape> skips = new ArrayDeque<>();
    skips.push(h);
    for (Layer layer : layers) {
      if (layer.concatSkip()) {
        Shape skip = skips.pop();
        h = new Shape(h.get(0), h.get(1) + skip.get(1), h.get(2), h.get(3));
      }
      Shape[] in = layer.inputShapes(h, embedding);
      layer.block().initialize(manager, dataType, in);
      h = layer.block().getOutputShapes(in)[0];
      if (layer.pushSkip()) {
        skips.push(h);
      }
    }
    outNorm.initialize(manager, dataType, h);
    convOut.initialize(manager, dataType, h);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), config.outChannels(), x.get(2), x.get(3))};
  }
}
