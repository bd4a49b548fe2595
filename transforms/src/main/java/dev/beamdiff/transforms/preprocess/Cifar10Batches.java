package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.image.UInt8Image;
import java.util.AbstractList;
import java.util.List;

/**
 * The images of one CIFAR-10 binary batch (Krizhevsky 2009, "Learning Multiple Layers of Features
 * from Tiny Images", and the dataset page's "binary version"): records of 1 label byte (0–9) and
 * 3072 pixel bytes, the 1024 red, then green, then blue values of a 32×32 image in row-major order;
 * 10000 records per batch file.
 */
final class Cifar10Batches {
  static final int SIDE = 32;
  static final int RECORD_BYTES = 1 + 3 * SIDE * SIDE;
  static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private Cifar10Batches() {}

  /**
   * Checks and splits a batch file; every check happens here, so the returned list cannot fail
   * later.
   *
   * @throws IllegalArgumentException if the length is not a whole number of records or a label is
   *     not a CIFAR-10 class
   */
  static List<ImageRecord> read(byte[] content, String uri, String id) {
    if (content.length == 0 || content.length % RECORD_BYTES != 0) {
      throw new IllegalArgumentException(
          "not a CIFAR-10 binary batch: its "
              + content.length
              + " bytes are not a whole number of "
              + RECORD_BYTES
              + "-byte records (1 label byte + 3072 pixel bytes)");
    }
    int count = content.length / RECORD_BYTES;
    for (int i = 0; i < count; i++) {
      int label = content[i * RECORD_BYTES] & 0xFF;
      if (label >= CLASS_NAMES.size()) {
        throw new IllegalArgumentException(
            "not a CIFAR-10 binary batch: record "
                + i
                + " has label "
                + label
                + ", CIFAR-10 labels are 0 to 9");
      }
    }
    return new AbstractList<>() {
      @Override
      public ImageRecord get(int i) {
        int start = i * RECORD_BYTES;
        int label = content[start] & 0xFF;
        int plane = SIDE * SIDE;
        byte[] hwc = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
          hwc[3 * p] = content[start + 1 + p];
          hwc[3 * p + 1] = content[start + 1 + plane + p];
          hwc[3 * p + 2] = content[start + 1 + 2 * plane + p];
        }
        return ImageRecords.raw(
            id + "#" + i,
            uri + "#" + i,
            label,
            CLASS_NAMES.get(label),
            new UInt8Image(SIDE, SIDE, 3, hwc));
      }

      @Override
      public int size() {
        return count;
      }
    };
  }
}
