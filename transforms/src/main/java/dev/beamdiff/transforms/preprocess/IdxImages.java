package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.data.ContentChecksum;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.idx.IdxArray;
import dev.beamdiff.data.idx.IdxFormatException;
import dev.beamdiff.data.idx.IdxReader;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The images of one IDX image file ({@link IdxReader}: {@code [n, rows, cols]} unsigned bytes),
 * labelled from the IDX label file beside it when there is one: {@code X-images-idx3-ubyte[.gz]}
 * pairs with {@code X-labels-idx1-ubyte[.gz]}. Class names come from the known dataset whose label
 * file has the same SHA-256 (Fashion-MNIST), else records carry only the label index.
 */
final class IdxImages {
  private IdxImages() {}

  /**
   * Parses {@code content} (the image file, already decompressed) and its label file; every check
   * of both files happens here, so the returned list cannot fail later.
   *
   * @throws IdxFormatException if either file is not valid IDX or their counts differ
   */
  static List<ImageRecord> read(ResourceId imageFile, byte[] content, String id)
      throws IOException {
    Path name = Path.of(imageFile.getFilename());
    IdxArray images = IdxReader.parse(name, content, 3);
    int count = images.count();
    int rows = images.dims()[1];
    int cols = images.dims()[2];
    int[] labels = new int[count];
    Arrays.fill(labels, -1);
    List<String> classNames = List.of();
    Optional<ResourceId> labelFile = labelFileOf(imageFile);
    if (labelFile.isPresent()) {
      Path labelName = Path.of(labelFile.get().getFilename());
      byte[] labelContent = readAll(labelFile.get());
      IdxArray labelArray = IdxReader.parse(labelName, labelContent, 1);
      if (labelArray.count() != count) {
        throw new IdxFormatException(
            labelName,
            "holds "
                + labelArray.count()
                + " labels but "
                + name
                + " holds "
                + count
                + " images; the two files must have the same count");
      }
      for (int i = 0; i < count; i++) {
        labels[i] = labelArray.unsigned(i);
      }
      classNames = knownClassNames(labelContent);
    }
    String uri = imageFile.toString();
    List<String> names = classNames;
    byte[] pixels = images.data();
    int size = rows * cols;
    return new AbstractList<>() {
      @Override
      public ImageRecord get(int i) {
        byte[] image = Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
        String className = labels[i] >= 0 && labels[i] < names.size() ? names.get(labels[i]) : null;
        return ImageRecords.raw(
            id + "#" + i,
            uri + "#" + i,
            labels[i],
            className,
            new UInt8Image(rows, cols, 1, image));
      }

      @Override
      public int size() {
        return count;
      }
    };
  }

  /** The label file next to {@code imageFile}, compressed or not, if it exists. */
  static Optional<ResourceId> labelFileOf(ResourceId imageFile) throws IOException {
    String name = imageFile.getFilename();
    String labels = name.replace("images", "labels").replace("idx3", "idx1");
    if (labels.equals(name)) {
      return Optional.empty();
    }
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(labels);
    candidates.add(
        labels.endsWith(".gz") ? labels.substring(0, labels.length() - 3) : labels + ".gz");
    ResourceId folder = imageFile.getCurrentDirectory();
    for (String candidate : candidates) {
      ResourceId file = folder.resolve(candidate, StandardResolveOptions.RESOLVE_FILE);
      MatchResult match = FileSystems.match(file.toString(), EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /** Class names of the known dataset whose label file has exactly this content, if any. */
  private static List<String> knownClassNames(byte[] labelContent) {
    String sha = ContentChecksum.sha256(labelContent);
    for (IdxDatasetSpec spec : IdxDatasetSpec.KNOWN) {
      if (spec.contentSha256().containsValue(sha)) {
        return spec.classNames();
      }
    }
    return List.of();
  }

  /** The file's content, gunzipped if its name ends in ".gz". */
  private static byte[] readAll(ResourceId file) throws IOException {
    Compression compression = Compression.detect(file.getFilename());
    try (InputStream in =
        Channels.newInputStream(compression.readDecompressed(FileSystems.open(file)))) {
      return in.readAllBytes();
    }
  }
}
