package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Summary statistics of a set of same-shaped images, mergeable in any order with identical results:
 * counts per class and exact per-channel sums of pixel values and of their squares (as longs), from
 * which
 *
 * <pre>
 *   mean_c = S1_c / (N · 255)                        N = number of pixels of channel c
 *   std_c  = sqrt(N · S2_c − S1_c²) / (N · 255)      population standard deviation
 * </pre>
 *
 * in [0, 1] units. Integer sums make the result exact and independent of how the runner splits and
 * merges the work.
 */
public final class ImageStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private long count;
  private long unlabeled;
  private int height;
  private int width;
  private int channels;
  private long[] sum = new long[0];
  private long[] sumOfSquares = new long[0];
  private final TreeMap<Integer, Long> classCounts = new TreeMap<>();
  private final TreeMap<Integer, String> classNames = new TreeMap<>();

  /** Adds one record (raw or PNG). */
  public ImageStats add(ImageRecord record) {
    UInt8Image image = ImageRecords.image(record);
    shape(image.height(), image.width(), image.channels(), record.getId());
    byte[] pixels = image.pixels();
    int c = channels;
    for (int ch = 0; ch < c; ch++) {
      long s = 0;
      long s2 = 0;
      for (int i = ch; i < pixels.length; i += c) {
        int v = pixels[i] & 0xFF;
        s += v;
        s2 += v * v;
      }
      sum[ch] += s;
      sumOfSquares[ch] += s2;
    }
    count++;
    if (record.getLabel() < 0) {
      unlabeled++;
    } else {
      classCounts.merge(record.getLabel(), 1L, Long::sum);
      if (record.getClassName() != null) {
        classNames.putIfAbsent(record.getLabel(), record.getClassName());
      }
    }
    return this;
  }

  /** Adds everything {@code other} holds. */
  public ImageStats merge(ImageStats other) {
    if (other.count == 0) {
      return this;
    }
    shape(other.height, other.width, other.channels, "(merged part)");
    for (int ch = 0; ch < channels; ch++) {
      sum[ch] += other.sum[ch];
      sumOfSquares[ch] += other.sumOfSquares[ch];
    }
    count += other.count;
    unlabeled += other.unlabeled;
    other.classCounts.forEach((label, n) -> classCounts.merge(label, n, Long::sum));
    other.classNames.forEach(classNames::putIfAbsent);
    return this;
  }

  private void shape(int h, int w, int c, String what) {
    if (count == 0 && channels == 0) {
      height = h;
      width = w;
      channels = c;
      sum = new long[c];
      sumOfSquares = new long[c];
    } else if (h != height || w != width || c != channels) {
      throw new IllegalArgumentException(
          String.format(
              "%s is %d×%d×%d but the other images are %d×%d×%d (height×width×channels)",
              what, h, w, c, height, width, channels));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageStats other
        && count == other.count
        && unlabeled == other.unlabeled
        && height == other.height
        && width == other.width
        && channels == other.channels
        && Arrays.equals(sum, other.sum)
        && Arrays.equals(sumOfSquares, other.sumOfSquares)
        && classCounts.equals(other.classCounts)
        && classNames.equals(other.classNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        count, unlabeled, height, width, channels, Arrays.hashCode(sum), classCounts);
  }

  public long count() {
    return count;
  }

  /** Per-channel mean in [0, 1] units; empty if there are no images. */
  public List<Double> channelMean() {
    List<Double> mean = new ArrayList<>();
    for (int ch = 0; ch < channels && count > 0; ch++) {
      mean.add(sum[ch] / (pixelsPerChannel() * 255.0));
    }
    return mean;
  }

  /** Per-channel population standard deviation in [0, 1] units; empty if there are no images. */
  public List<Double> channelStd() {
    List<Double> std = new ArrayList<>();
    for (int ch = 0; ch < channels && count > 0; ch++) {
      BigInteger n = BigInteger.valueOf(pixelsPerChannel());
      BigInteger s1 = BigInteger.valueOf(sum[ch]);
      BigInteger variance = n.multiply(BigInteger.valueOf(sumOfSquares[ch])).subtract(s1.pow(2));
      std.add(Math.sqrt(variance.doubleValue()) / (pixelsPerChannel() * 255.0));
    }
    return std;
  }

  private long pixelsPerChannel() {
    return count * height * width;
  }

  /**
   * The manifest of shards holding exactly these images.
   *
   * @param shards shard file names
   * @param deadLetters number of refused inputs
   * @param encoding the records' pixel encoding name
   * @param settings how the images were made
   */
  public ShardManifest toManifest(
      List<String> shards, long deadLetters, String encoding, Map<String, String> settings) {
    List<ShardManifest.ClassCount> classes = new ArrayList<>();
    classCounts.forEach(
        (label, n) ->
            classes.add(
                new ShardManifest.ClassCount(
                    label, classNames.getOrDefault(label, Integer.toString(label)), n)));
    return new ShardManifest(
        ImageRecords.SCHEMA_VERSION,
        count,
        deadLetters,
        height,
        width,
        channels,
        encoding,
        classes,
        unlabeled,
        channelMean(),
        channelStd(),
        shards.stream().sorted().toList(),
        settings);
  }
}
