package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ShardManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes {@code <folder>/manifest.json} ({@link ShardManifest}) for the records written to the
 * shards: their {@link ImageStats}, the shard file names and the dead-letter count. It waits for
 * both side inputs, so the manifest appears only after the shards and the dead letters are written.
 */
public final class WriteManifest extends PTransform<PCollection<ImageRecord>, PDone> {
  private static final long serialVersionUID = 1L;

  private final ResourceId folder;
  private final PCollection<String> shardNames;
  private final PCollection<Long> deadLetterCount;
  private final String encoding;
  private final Map<String, String> settings;

  private WriteManifest(
      ResourceId folder,
      PCollection<String> shardNames,
      PCollection<Long> deadLetterCount,
      String encoding,
      Map<String, String> settings) {
    this.folder = folder;
    this.shardNames = shardNames;
    this.deadLetterCount = deadLetterCount;
    this.encoding = encoding;
    this.settings = new LinkedHashMap<>(settings);
  }

  /**
   * @param shardNames names of the shard files (one element each)
   * @param deadLetterCount the number of dead letters (one element)
   * @param encoding the records' pixel encoding
   * @param settings how the records were made, recorded for provenance
   */
  public static WriteManifest to(
      ResourceId folder,
      PCollection<String> shardNames,
      PCollection<Long> deadLetterCount,
      String encoding,
      Map<String, String> settings) {
    return new WriteManifest(folder, shardNames, deadLetterCount, encoding, settings);
  }

  @Override
  public PDone expand(PCollection<ImageRecord> records) {
    PCollectionView<List<String>> shards = shardNames.apply("ShardNames", View.asList());
    PCollectionView<Long> deadLetters =
        deadLetterCount.apply("DeadLetterCount", View.asSingleton());
    return records
        .apply("Statistics", Combine.globally(new StatsFn()))
        .apply(
            "ToJson",
            ParDo.of(new ToJson(shards, deadLetters, encoding, settings))
                .withSideInputs(shards, deadLetters))
        .setCoder(StringUtf8Coder.of())
        .apply(
            "Write",
            TextIO.write()
                .to(folder.resolve("manifest", StandardResolveOptions.RESOLVE_FILE))
                .withSuffix(".json")
                .withoutSharding());
  }

  /** Combines records into {@link ImageStats}. */
  static final class StatsFn extends Combine.CombineFn<ImageRecord, ImageStats, ImageStats> {
    private static final long serialVersionUID = 1L;

    @Override
    public ImageStats createAccumulator() {
      return new ImageStats();
    }

    @Override
    public ImageStats addInput(ImageStats stats, ImageRecord record) {
      return stats.add(record);
    }

    @Override
    public ImageStats mergeAccumulators(Iterable<ImageStats> parts) {
      ImageStats merged = new ImageStats();
      parts.forEach(merged::merge);
      return merged;
    }

    @Override
    public ImageStats extractOutput(ImageStats stats) {
      return stats;
    }

    @Override
    public Coder<ImageStats> getAccumulatorCoder(CoderRegistry registry, Coder<ImageRecord> input) {
      return SerializableCoder.of(ImageStats.class);
    }

    @Override
    public Coder<ImageStats> getDefaultOutputCoder(
        CoderRegistry registry, Coder<ImageRecord> input) {
      return SerializableCoder.of(ImageStats.class);
    }
  }

  private static final class ToJson extends DoFn<ImageStats, String> {
    private static final long serialVersionUID = 1L;

    private final PCollectionView<List<String>> shards;
    private final PCollectionView<Long> deadLetters;
    private final String encoding;
    private final Map<String, String> settings;

    ToJson(
        PCollectionView<List<String>> shards,
        PCollectionView<Long> deadLetters,
        String encoding,
        Map<String, String> settings) {
      this.shards = shards;
      this.deadLetters = deadLetters;
      this.encoding = encoding;
      this.settings = settings;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      ShardManifest manifest =
          context
              .element()
              .toManifest(
                  context.sideInput(shards), context.sideInput(deadLetters), encoding, settings);
      context.output(manifest.toJson());
    }
  }
}
