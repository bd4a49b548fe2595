package dev.beamdiff.nn.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.beamdiff.nn.Silu;

/**
 * The noise-level embedding of the DDPM UNet (Ho et al. 2020, Appendix B; reference code {@code
 * get_timestep_embedding} followed by {@code temb/dense0}, {@code temb/dense1}):
 *
 * <pre>
 *   emb(t) = W₂ · SiLU(W₁ · e(t) + b₁) + b₂
 * </pre>
 *
 * where e(t) is the {@link SinusoidalEmbedding} of dimension D and W₁ ∈ ℝ^{E×D}, W₂ ∈ ℝ^{E×E}.
 * Input: {@code NDList(t [B])}; output {@code NDList(emb [B, E])}. Children: {@code dense1}, {@code
 * dense2}.
 */
public final class NoiseLevelEmbedding extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int sinusoidalDimension;
  private final int embeddingDimension;
  private final Linear dense1;
  private final Linear dense2;

  /**
   * @param sinusoidalDimension D, the width of the sinusoidal features (even, &gt;= 4)
   * @param embeddingDimension E, the width of the output
   */
  public NoiseLevelEmbedding(int sinusoidalDimension, int embeddingDimension) {
    super(VERSION);
    SinusoidalEmbedding.checkDimension(sinusoidalDimension);
    if (embeddingDimension < 1) {
      throw new IllegalArgumentException(
          "noise-level embedding dimension must be >= 1, got " + embeddingDimension);
    }
    this.sinusoidalDimension = sinusoidalDimension;
    this.embeddingDimension = embeddingDimension;
    dense1 = addChildBlock("dense1", Linear.builder().setUnits(embeddingDimension).build());
    dense2 = addChildBlock("dense2", Linear.builder().setUnits(embeddingDimension).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray t = inputs.head();
    try (NDArray features = SinusoidalEmbedding.embed(t, sinusoidalDimension);
        NDArray hidden = dense1.forward(parameterStore, new NDList(features), training).head();
        NDArray activated = Silu.silu(hidden)) {
      return dense2.forward(parameterStore, new NDList(activated), training);
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape features = new Shape(inputShapes[0].get(0), sinusoidalDimension);
    dense1.initialize(manager, dataType, features);
    dense2.initialize(manager, dataType, new Shape(inputShapes[0].get(0), embeddingDimension));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), embeddingDimension)};
  }
}
