package dev.beamdiff.data;

import java.util.List;
import java.util.Map;

/**
 * An MNIST-format dataset: its four IDX files, their class names, where to download them and the
 * SHA-256 of each file's <em>uncompressed</em> content (so a file recompressed by a packager, as
 * Debian's {@code dataset-fashion-mnist} is, still verifies).
 *
 * @param name short name used on the command line and as the cache folder name
 * @param displayName human-readable name
 * @param downloadBase URL prefix the file names are appended to; empty if the dataset has none
 * @param systemDir folder a distribution package installs the files to, or {@code null}
 * @param contentSha256 expected SHA-256 (lowercase hex) of each uncompressed file, by file name;
 *     empty if unknown (files are then only validated structurally)
 */
public record IdxDatasetSpec(
    String name,
    String displayName,
    List<String> classNames,
    String downloadBase,
    String systemDir,
    Map<String, String> contentSha256) {

  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  /** The four files, in the order they are fetched. */
  public static final List<String> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /**
   * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747): 60k train + 10k test 28×28
   * grayscale garments in 10 classes. Checksums are of the files Zalando publishes.
   */
  public static final IdxDatasetSpec FASHION_MNIST =
      new IdxDatasetSpec(
          "fashion-mnist",
          "Fashion-MNIST",
          List.of(
              "T-shirt/top",
              "Trouser",
              "Pullover",
              "Dress",
              "Coat",
              "Sandal",
              "Shirt",
              "Sneaker",
              "Bag",
              "Ankle boot"),
          "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
          "/usr/share/datasets/fashion-mnist",
          Map.of(
              TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
              TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
              TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
              TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

  /**
   * MNIST handwritten digits (LeCun et al. 1998). Read from a folder given explicitly ({@code
   * --dir}); files are validated structurally.
   */
  public static final IdxDatasetSpec MNIST =
      new IdxDatasetSpec(
          "mnist",
          "MNIST",
          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
          "",
          null,
          Map.of());

  /** All known specs, by {@link #name()}. */
  public static final List<IdxDatasetSpec> KNOWN = List.of(FASHION_MNIST, MNIST);

  /** The spec named {@code name}, or an error listing the known names. */
  public static IdxDatasetSpec named(String name) {
    for (IdxDatasetSpec spec : KNOWN) {
      if (spec.name.equals(name)) {
        return spec;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset '"
            + name
            + "': expected one of "
            + KNOWN.stream().map(IdxDatasetSpec::name).toList());
  }

  /** Whether files of this dataset can be fetched from the web. */
  public boolean downloadable() {
    return !downloadBase.isEmpty();
  }
}
