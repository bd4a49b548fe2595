package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.image.ImageFitter;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@link PreprocessImages} needs to know.
 *
 * @param inputs file patterns (files or globs, local or any Beam file system such as gs://)
 * @param output folder for the shards, the manifest and the dead letters
 * @param format how to read the matched files
 * @param labelFromFolder label image files by their parent folder's name (ImageFolder layout)
 * @param channels output channels, 1 (gray) or 3 (RGB)
 * @param fitter how images become {@code size × size}
 * @param encoding how the output records store their pixels
 * @param shards number of output shards; 0 lets the runner choose
 * @param maxPixels largest accepted input image (width × height)
 * @param spreadKeys how many keys {@link ReadImages} uses to spread files and images over workers:
 *     0 for a random key per element (best on distributed runners), else that many keys (the
 *     DirectRunner makes one bundle per key, so a few keys per thread is fastest there)
 */
public record PreprocessSettings(
    List<String> inputs,
    String output,
    SourceFormat format,
    boolean labelFromFolder,
    int channels,
    ImageFitter fitter,
    PixelEncoding encoding,
    int shards,
    long maxPixels,
    int spreadKeys)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public PreprocessSettings {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() || inputs.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "input: expected one or more file patterns, got " + inputs);
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("output: expected a folder, got nothing");
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels: expected 1 or 3, got " + channels);
    }
    if (shards < 0) {
      throw new IllegalArgumentException(
          "shards: expected 0 (runner chooses) or more, got " + shards);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels: expected at least 1, got " + maxPixels);
    }
    if (spreadKeys < 0) {
      throw new IllegalArgumentException(
          "spreadKeys: expected 0 (a key per element) or more, got " + spreadKeys);
    }
  }

  /** The settings as text, for the manifest. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("input", String.join(",", inputs));
    out.put("format", format.label());
    out.put("labelFromFolder", Boolean.toString(labelFromFolder));
    out.put("size", Integer.toString(fitter.size()));
    out.put("channels", Integer.toString(channels));
    out.put("fit", fitter.fit().label());
    out.put("filter", fitter.filter().label());
    out.put("padValue", Integer.toString(fitter.padValue()));
    out.put("encoding", ImageRecords.encodingLabel(encoding));
    out.put("maxPixels", Long.toString(maxPixels));
    return out;
  }
}
