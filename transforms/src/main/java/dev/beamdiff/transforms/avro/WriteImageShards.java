package dev.beamdiff.transforms.avro;

import org.apache.beam.sdk.extensions.avro.io.AvroDatumFactory;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes image records as Avro container files {@code <folder>/images-SSSSS-of-NNNNN.avro}
 * (snappy-compressed blocks, the schema in each file's header) and outputs the names of the files
 * written, once they are complete.
 */
public final class WriteImageShards
    extends PTransform<PCollection<ImageRecord>, PCollection<String>> {
  private static final long serialVersionUID = 1L;

  /** File name prefix of every shard. */
  public static final String PREFIX = "images";

  private final ResourceId folder;
  private final int shards;

  private WriteImageShards(ResourceId folder, int shards) {
    this.folder = folder;
    this.shards = shards;
  }

  /** Writes into {@code folder} in {@code shards} files (0: as many as the runner chooses). */
  public static WriteImageShards to(ResourceId folder, int shards) {
    return new WriteImageShards(folder, shards);
  }

  @Override
  public PCollection<String> expand(PCollection<ImageRecord> records) {
    WriteFilesResult<Void> written =
        records.apply(
            "WriteAvro",
            AvroIO.write(ImageRecord.class)
                .withDatumWriterFactory(AvroDatumFactory.specific(ImageRecord.class))
                .to(folder.resolve(PREFIX, StandardResolveOptions.RESOLVE_FILE))
                .withSuffix(".avro")
                .withNumShards(shards)
                .withOutputFilenames());
    return written
        .getPerDestinationOutputFilenames()
        .apply("FilePaths", Values.create())
        .apply(
            "FileNames",
            MapElements.into(TypeDescriptors.strings())
                .via(path -> FileSystems.matchNewResource(path, false).getFilename()));
  }
}
