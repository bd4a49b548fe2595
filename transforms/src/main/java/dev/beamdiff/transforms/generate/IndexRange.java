package dev.beamdiff.transforms.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The images {@code [start, end)} of a generation run: one unit of work, sampled as one batch.
 *
 * @param start index of the first image
 * @param end index after the last image
 */
public record IndexRange(long start, long end) {

  public IndexRange {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "index range: expected 0 <= start < end, got [" + start + ", " + end + ")");
    }
    if (end - start > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("index range [" + start + ", " + end + ") is too long");
    }
  }

  /** Number of images in the range. */
  public int size() {
    return (int) (end - start);
  }

  /** Images {@code [0, count)} cut into ranges of {@code size} (the last one may be shorter). */
  public static List<IndexRange> split(long count, int size) {
    if (count < 1) {
      throw new IllegalArgumentException("count: expected at least 1 image, got " + count);
    }
    if (size < 1) {
      throw new IllegalArgumentException("range size: expected at least 1, got " + size);
    }
    List<IndexRange> ranges = new ArrayList<>();
    for (long start = 0; start < count; start += size) {
      ranges.add(new IndexRange(start, Math.min(count, start + size)));
    }
    return ranges;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }

  /** The Beam coder: start and end as variable-length longs. */
  public static CustomCoder<IndexRange> coder() {
    return Coder.INSTANCE;
  }

  private static final class Coder extends CustomCoder<IndexRange> {
    private static final Coder INSTANCE = new Coder();
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(IndexRange range, OutputStream out) throws IOException {
      LONG.encode(range.start(), out);
      LONG.encode(range.end(), out);
    }

    @Override
    public IndexRange decode(InputStream in) throws IOException {
      return new IndexRange(LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    private Object readResolve() {
      return INSTANCE;
    }
  }
}
