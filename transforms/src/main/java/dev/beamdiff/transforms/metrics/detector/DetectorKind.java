package dev.beamdiff.transforms.metrics.detector;

import java.util.Arrays;
import java.util.Locale;

/** The feature networks {@code beamdiff evaluate} knows. */
public enum DetectorKind {
  /** NVIDIA's TorchScript Inception-v3, 2,048 features at 3×299×299: standard FID and KID. */
  INCEPTION(InceptionDetector.INPUT, "inception-v3 (inception-2015-12-05.pt, pool_3, 2048-d)"),
  /** BeamDiff's Fashion-MNIST classifier, 128 features at 1×28×28: in-domain FD. */
  FMNIST(
      FashionMnistDetector.INPUT, "fmnist (BeamDiff Fashion-MNIST CNN, penultimate layer, 128-d)");

  private final DetectorInput input;
  private final String description;

  DetectorKind(DetectorInput input, String description) {
    this.input = input;
    this.description = description;
  }

  public DetectorInput input() {
    return input;
  }

  /** Name, weights and layer, for reports. */
  public String description() {
    return description;
  }

  /** The name used on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code name} (case-insensitive), or an error listing the known names. */
  public static DetectorKind named(String name) {
    for (DetectorKind kind : values()) {
      if (kind.cliName().equalsIgnoreCase(name.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown detector '"
            + name
            + "': expected one of "
            + Arrays.stream(values()).map(DetectorKind::cliName).toList());
  }
}
