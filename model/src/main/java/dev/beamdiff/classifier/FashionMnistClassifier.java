package dev.beamdiff.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.FloatBuffer;

/**
 * The small CNN BeamDiff trains on Fashion-MNIST to serve as an in-domain feature detector for
 * Fréchet distances on 28×28 gray images (FID's recipe with a domain network instead of
 * Inception-v3):
 *
 * <pre>
 *   x ∈ [−1, 1]^{1×28×28}
 *   → conv 3×3, 32 → batch norm → ReLU → max-pool 2   (32×14×14)
 *   → conv 3×3, 64 → batch norm → ReLU → max-pool 2   (64×7×7)
 *   → flatten → linear 128 → ReLU                      = features (128)
 *   → linear 10                                        = class logits
 * </pre>
 *
 * Batch normalisation (Ioffe &amp; Szegedy 2015) uses its running statistics at inference, so
 * features do not depend on how images are batched.
 *
 * <p>The block is a {@link SequentialBlock} of two children, {@code features} and {@code head}; the
 * detector runs only the first.
 */
public final class FashionMnistClassifier {
  /** Version tag stored with checkpoints; a change of architecture must change it. */
  public static final String ARCHITECTURE = "beamdiff-fmnist-cnn-v2";

  public static final int SIZE = 28;
  public static final int CLASSES = 10;
  public static final int FEATURE_DIMENSION = 128;

  /** Input shape of one image, channels first. */
  public static final Shape IMAGE_SHAPE = new Shape(1, SIZE, SIZE);

  private FashionMnistClassifier() {}

  /** A fresh, uninitialised network: {@code features} then {@code head}. */
  public static SequentialBlock newBlock() {
    SequentialBlock features =
        new SequentialBlock()
            .add(conv(32))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(conv(64))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(FEATURE_DIMENSION).build())
            .add(Activation.reluBlock());
    SequentialBlock network = new SequentialBlock();
    network.add(features);
    network.add(Linear.builder().setUnits(CLASSES).build());
    return network;
  }

  /** The feature part of a network built by {@link #newBlock()}. */
  public static Block features(Block network) {
    return network.getChildren().get(0).getValue();
  }

  /**
   * A batch of images as the network's input: {@code count} images of 28×28 pixel values in [0,
   * 255], row-major, mapped to {@code x / 127.5 − 1}, shape {@code [count, 1, 28, 28]}.
   */
  public static NDArray input(NDManager manager, float[] pixels, int offset, int count) {
    int size = SIZE * SIZE;
    float[] scaled = new float[count * size];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = pixels[offset + i] / 127.5f - 1f;
    }
    return manager.create(FloatBuffer.wrap(scaled), new Shape(count, 1, SIZE, SIZE));
  }

  private static Conv2d conv(int filters) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .setFilters(filters)
        .build();
  }
}
