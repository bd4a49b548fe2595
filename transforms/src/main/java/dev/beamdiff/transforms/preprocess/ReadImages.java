package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.DeadLetter;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import java.util.List;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Requirements;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Reads input files into raw {@link ImageRecord}s: match the patterns (a pattern matching nothing
 * fails the pipeline, as a mistyped path should), spread the files over workers, read and decode
 * each ({@link SourceFileReader}; a file that cannot be read becomes a {@link DeadLetter} of stage
 * "decode"), then spread the records again, since one IDX or CIFAR-10 file yields thousands.
 */
public final class ReadImages
    extends PTransform<PBegin, WithFailures.Result<PCollection<ImageRecord>, DeadLetter>> {
  private static final long serialVersionUID = 1L;

  private final List<String> patterns;
  private final SourceFormat format;
  private final boolean labelFromFolder;
  private final long maxPixels;
  private final int spreadKeys;

  private ReadImages(
      List<String> patterns,
      SourceFormat format,
      boolean labelFromFolder,
      long maxPixels,
      int spreadKeys) {
    this.patterns = List.copyOf(patterns);
    this.format = format;
    this.labelFromFolder = labelFromFolder;
    this.maxPixels = maxPixels;
    this.spreadKeys = spreadKeys;
  }

  /** Reads the files matching {@code patterns}, as {@code format}. */
  public static ReadImages from(List<String> patterns, SourceFormat format, long maxPixels) {
    return new ReadImages(patterns, format, false, maxPixels, 0);
  }

  /** Also labels image files by the name of their folder ({@link ClassFolders}). */
  public ReadImages withLabelsFromFolders(boolean enabled) {
    return new ReadImages(patterns, format, enabled, maxPixels, spreadKeys);
  }

  /**
   * Spreads files and images over {@code keys} random keys (0: a random key per element). The
   * DirectRunner makes a bundle per key, with a fixed cost each, so it wants a few keys per thread;
   * distributed runners balance best with a key per element.
   */
  public ReadImages withSpreadKeys(int keys) {
    return new ReadImages(patterns, format, labelFromFolder, maxPixels, keys);
  }

  @Override
  public WithFailures.Result<PCollection<ImageRecord>, DeadLetter> expand(PBegin begin) {
    PCollection<MatchResult.Metadata> files =
        begin
            .apply("Patterns", Create.of(patterns))
            .apply(
                "Match",
                FileIO.matchAll()
                    .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW)
                    .withOutputParallelization(false))
            .apply("SpreadFiles", spread());
    SourceFileReader reader =
        new SourceFileReader(format, SourceIds.forPatterns(patterns), maxPixels);
    Contextful<Contextful.Fn<FileIO.ReadableFile, Iterable<ImageRecord>>> decode;
    if (labelFromFolder) {
      PCollectionView<List<String>> classes = files.apply("ClassFolders", new ClassFolders(format));
      decode =
          Contextful.fn(
              (file, context) -> reader.read(file, context.sideInput(classes)),
              Requirements.requiresSideInputs(classes));
    } else {
      decode = Contextful.fn((file, context) -> reader.read(file, null), Requirements.empty());
    }
    WithFailures.Result<PCollection<ImageRecord>, DeadLetter> decoded =
        files
            .apply("Open", FileIO.readMatches().withCompression(Compression.AUTO))
            .apply(
                "Decode",
                FlatMapElements.into(TypeDescriptor.of(ImageRecord.class))
                    .via(decode)
                    .exceptionsInto(TypeDescriptor.of(DeadLetter.class))
                    .exceptionsVia(DeadLetters.forFiles("decode")));
    decoded.output().setCoder(ImageRecords.coder());
    decoded.failures().setCoder(DeadLetters.coder());
    PCollection<ImageRecord> spread = decoded.output().apply("SpreadImages", spread());
    return WithFailures.Result.of(spread, decoded.failures());
  }

  private <T> Reshuffle.ViaRandomKey<T> spread() {
    Reshuffle.ViaRandomKey<T> reshuffle = Reshuffle.viaRandomKey();
    return spreadKeys > 0 ? reshuffle.withNumBuckets(spreadKeys) : reshuffle;
  }
}
