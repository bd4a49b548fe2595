package dev.beamdiff.transforms.preprocess;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of input file preprocessing reads. */
public enum SourceFormat {
  /** Decide per file from its name (see {@link #of(String)}). */
  AUTO,
  /**
   * IDX image files (MNIST, Fashion-MNIST), plain or gzipped, with labels from the IDX label file
   * next to them ({@code *-images-idx3-ubyte*} → {@code *-labels-idx1-ubyte*}) when it exists.
   */
  IDX,
  /** CIFAR-10 binary batches: records of 1 label byte and 3072 pixel bytes (R, G, B planes). */
  CIFAR10,
  /** One image per file, in any format {@code javax.imageio} reads (PNG, JPEG, BMP, GIF, TIFF). */
  IMAGE;

  /**
   * The format of the file named {@code fileName}: this format, or for {@link #AUTO}: {@code IDX}
   * if the name contains "idx3-ubyte", {@code CIFAR10} if it ends in ".bin", else {@code IMAGE}.
   */
  public SourceFormat of(String fileName) {
    if (this != AUTO) {
      return this;
    }
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.contains("idx3-ubyte")) {
      return IDX;
    }
    return name.endsWith(".bin") ? CIFAR10 : IMAGE;
  }

  /**
   * Whether the file is an IDX label file that this format reads together with its image file
   * rather than on its own.
   */
  public boolean isCompanion(String fileName) {
    return (this == AUTO || this == IDX)
        && fileName.toLowerCase(Locale.ROOT).contains("idx1-ubyte");
  }

  /** The format named {@code name}, ignoring case. */
  public static SourceFormat parse(String name) {
    for (SourceFormat f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown input format '"
            + name
            + "': expected one of "
            + Arrays.stream(values()).map(SourceFormat::label).toList());
  }

  /** The lower-case name used on command lines and in manifests. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
