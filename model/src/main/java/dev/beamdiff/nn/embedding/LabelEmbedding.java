package dev.beamdiff.nn.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A learned embedding of class labels with one extra "null" label for classifier-free guidance (Ho
 * &amp; Salimans 2022, "Classifier-Free Diffusion Guidance", Algorithm 1: the label is replaced by
 * the null token ∅ with probability p_uncond during training). For K classes the table has K + 1
 * rows; row K is ∅.
 *
 * <pre>
 *   emb(y) = W[y],   W ∈ ℝ^{(K+1)×E},   y ∈ {0, …, K−1} ∪ {K = ∅}
 * </pre>
 *
 * <p>Input: {@code NDList(labels [B])}, an integer array (int32 or int64) on the model's device;
 * output {@code NDList(emb [B, E])}. The table is the parameter {@code weight}, initialised from
 * N(0, 1) like {@code torch.nn.Embedding}. A label outside [0, K] is rejected by the engine when
 * the lookup runs (values are not copied to the host to check them).
 */
public final class LabelEmbedding extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int numClasses;
  private final Parameter weight;

  /**
   * @param numClasses K, the number of real classes (&gt;= 1); the null label is K
   * @param embeddingDimension E
   */
  public LabelEmbedding(int numClasses, int embeddingDimension) {
    super(VERSION);
    if (numClasses < 1 || embeddingDimension < 1) {
      throw new IllegalArgumentException(
          "label embedding needs numClasses >= 1 and embeddingDimension >= 1, got "
              + numClasses
              + " and "
              + embeddingDimension);
    }
    this.numClasses = numClasses;
    weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numClasses + 1L, embeddingDimension))
                .optInitializer(new NormalInitializer(1f))
                .build());
  }

  /** Returns K, the number of real classes; K is also the index of the null label. */
  public int numClasses() {
    return numClasses;
  }

  /** Returns the null label ∅ = K used for unconditional (classifier-free) predictions. */
  public int nullLabel() {
    return numClasses;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray labels = inputs.head();
    if (labels.getShape().dimension() != 1
        || (labels.getDataType() != DataType.INT32 && labels.getDataType() != DataType.INT64)) {
      throw new IllegalArgumentException(
          "labels must be an int32 or int64 array of shape [B] with values in [0, "
              + numClasses
              + "] ("
              + numClasses
              + " = null label), got "
              + labels.getDataType()
              + " "
              + labels.getShape());
    }
    NDArray table = parameterStore.getValue(weight, labels.getDevice(), training);
    return labels.getNDArrayInternal().embedding(labels, table, SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), weight.getShape().get(1))};
  }
}
