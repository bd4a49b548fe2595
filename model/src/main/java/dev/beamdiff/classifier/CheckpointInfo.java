package dev.beamdiff.classifier;

/**
 * What a classifier checkpoint records next to its weights ({@code classifier.json}).
 *
 * @param architecture {@link FashionMnistClassifier#ARCHITECTURE} of the network that was saved
 * @param testAccuracy top-1 accuracy on {@code testImages} Fashion-MNIST test images
 * @param createdAt ISO-8601 instant
 */
public record CheckpointInfo(
    String architecture,
    int featureDimension,
    double testAccuracy,
    int epochs,
    int trainImages,
    int testImages,
    long seed,
    String createdAt) {}
