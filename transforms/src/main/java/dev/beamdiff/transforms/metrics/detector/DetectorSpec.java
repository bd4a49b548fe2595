package dev.beamdiff.transforms.metrics.detector;

import dev.beamdiff.classifier.ClassifierCheckpoint;
import java.io.Serializable;
import java.util.Objects;

/**
 * Which detector to run and where its weights are, in a form that travels to Beam workers.
 *
 * @param model the TorchScript file for {@link DetectorKind#INCEPTION} (required); the checkpoint
 *     folder for {@link DetectorKind#FMNIST} (empty: {@link ClassifierCheckpoint#defaultDir()} of
 *     the machine running the detector). Local paths or Beam paths such as {@code gs://…}.
 */
public record DetectorSpec(DetectorKind kind, String model) implements Serializable {

  public DetectorSpec {
    Objects.requireNonNull(kind, "kind");
    model = model == null ? "" : model.trim();
    if (kind == DetectorKind.INCEPTION && model.isEmpty()) {
      throw new IllegalArgumentException(
          "--detector inception needs the TorchScript file inception-2015-12-05.pt"
              + " (--detector-model PATH); download it from"
              + " https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/"
              + "inception-2015-12-05.pt");
    }
  }

  /** Parses the command-line detector name. */
  public static DetectorSpec of(String kind, String model) {
    return new DetectorSpec(DetectorKind.named(kind), model);
  }

  public DetectorInput input() {
    return kind.input();
  }

  /** Where the weights are, resolved for display. */
  public String modelLocation() {
    if (kind == DetectorKind.FMNIST && model.isEmpty()) {
      return ClassifierCheckpoint.defaultDir().toString();
    }
    return model;
  }

  /** Loads (or shares) the model and returns a detector for the calling thread. */
  public FeatureDetector open() {
    return switch (kind) {
      case INCEPTION -> InceptionDetector.open(ModelFiles.localFile(model));
      case FMNIST ->
          FashionMnistDetector.open(
              model.isEmpty() ? ClassifierCheckpoint.defaultDir() : ModelFiles.localFolder(model));
    };
  }
}
