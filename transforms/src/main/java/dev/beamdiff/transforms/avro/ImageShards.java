package dev.beamdiff.transforms.avro;

import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Reads Avro image shards (as written by {@code beamdiff preprocess}) in plain Java, from any
 * location Beam's {@link FileSystems} knows: local paths, and {@code gs://} when the GCP extension
 * is on the classpath.
 *
 * <p>{@link #open} takes either a preprocess output folder, whose {@value ShardManifest#FILE_NAME}
 * lists the shards (a folder without one is an unfinished or failed run, and is refused), or a glob
 * of Avro files. Every record's schema version is checked, and reading a whole folder checks the
 * number of records against the manifest.
 */
public final class ImageShards {
  private final String location;
  private final List<ResourceId> shards;
  private final ShardManifest manifest;

  private ImageShards(String location, List<ResourceId> shards, ShardManifest manifest) {
    this.location = location;
    this.shards = List.copyOf(shards);
    this.manifest = manifest;
  }

  /** Opens a preprocess output folder or a glob of shards, with default file-system options. */
  public static ImageShards open(String location) {
    return open(location, PipelineOptionsFactory.create());
  }

  /**
   * Opens a preprocess output folder or a glob of shards; {@code options} configure the file
   * systems (e.g. GCP credentials for {@code gs://}).
   *
   * @throws IllegalArgumentException if nothing matches, or the folder has no manifest
   */
  public static ImageShards open(String location, PipelineOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    if (FileSystems.hasGlobWildcard(location)) {
      List<ResourceId> matched = match(location);
      if (matched.isEmpty()) {
        throw new IllegalArgumentException("no shard files match " + location);
      }
      return new ImageShards(location, matched, null);
    }
    if (location.endsWith(".avro") && !match(location).isEmpty()) {
      return new ImageShards(location, match(location), null);
    }
    ResourceId folder = FileSystems.matchNewResource(location, true);
    ResourceId manifestFile =
        folder.resolve(ShardManifest.FILE_NAME, StandardResolveOptions.RESOLVE_FILE);
    if (match(manifestFile.toString()).isEmpty()) {
      throw new IllegalArgumentException(
          location
              + " has no "
              + ShardManifest.FILE_NAME
              + ": it is not the output of a finished beamdiff preprocess run (the run may"
              + " have failed or still be going). To read whatever shards it holds, pass a glob"
              + " such as "
              + folder.resolve("*.avro", StandardResolveOptions.RESOLVE_FILE));
    }
    ShardManifest manifest =
        ShardManifest.fromJson(readString(manifestFile), manifestFile.toString());
    List<ResourceId> shards = new ArrayList<>();
    for (String name : manifest.shards()) {
      shards.add(folder.resolve(name, StandardResolveOptions.RESOLVE_FILE));
    }
    return new ImageShards(location, shards, manifest);
  }

  /** The shard files, in reading order. */
  public List<String> shardUris() {
    return shards.stream().map(ResourceId::toString).toList();
  }

  /** The manifest, when a preprocess output folder was opened. */
  public Optional<ShardManifest> manifest() {
    return Optional.ofNullable(manifest);
  }

  /**
   * Every record, shard after shard; close the stream when done (try-with-resources).
   *
   * @throws IllegalArgumentException (while streaming) on an unknown schema version, or at the end
   *     if the count differs from the manifest's
   * @throws UncheckedIOException (while streaming) if a shard cannot be read
   */
  public Stream<ImageRecord> records() {
    RecordIterator iterator = new RecordIterator();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(iterator::close);
  }

  /**
   * Reads every record into memory as one {@link LabeledImages}: pixels decoded to raw HWC bytes,
   * labels as stored (-1 for unlabelled), class names by label (from the manifest or the records).
   *
   * @throws IllegalArgumentException if the images differ in size or channels
   */
  public LabeledImages readAll() {
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    List<Integer> labels = new ArrayList<>();
    TreeMap<Integer, String> names = new TreeMap<>();
    int[] shape = null;
    try (Stream<ImageRecord> records = records()) {
      for (Iterator<ImageRecord> it = records.iterator(); it.hasNext(); ) {
        ImageRecord record = it.next();
        UInt8Image image = ImageRecords.image(record);
        int[] recordShape = {image.height(), image.width(), image.channels()};
        if (shape == null) {
          shape = recordShape;
        } else if (!Arrays.equals(shape, recordShape)) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: record %s is %d×%d×%d but earlier records are %d×%d×%d; LabeledImages"
                      + " needs one size (re-run beamdiff preprocess with --size and --channels)",
                  location,
                  record.getId(),
                  recordShape[0],
                  recordShape[1],
                  recordShape[2],
                  shape[0],
                  shape[1],
                  shape[2]));
        }
        pixels.writeBytes(image.pixels());
        labels.add(record.getLabel());
        if (record.getLabel() >= 0) {
          names.putIfAbsent(
              record.getLabel(),
              record.getClassName() == null
                  ? Integer.toString(record.getLabel())
                  : record.getClassName());
        }
      }
    }
    if (manifest != null) {
      manifest.classes().forEach(c -> names.put(c.label(), c.name()));
    }
    List<String> classNames = new ArrayList<>();
    int classCount = names.isEmpty() ? 0 : names.lastKey() + 1;
    for (int label = 0; label < classCount; label++) {
      classNames.add(names.getOrDefault(label, Integer.toString(label)));
    }
    int[] shapeOrEmpty = shape == null ? new int[] {0, 0, 0} : shape;
    return new LabeledImages(
        labels.size(),
        shapeOrEmpty[0],
        shapeOrEmpty[1],
        shapeOrEmpty[2],
        pixels.toByteArray(),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        classNames);
  }

  private static List<ResourceId> match(String spec) {
    try {
      MatchResult result = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
      if (result.status() == MatchResult.Status.NOT_FOUND) {
        return List.of();
      }
      return result.metadata().stream()
          .map(MatchResult.Metadata::resourceId)
          .sorted(Comparator.comparing(ResourceId::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + spec + ": " + e.getMessage(), e);
    }
  }

  private static String readString(ResourceId file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Walks the shards in order, holding at most one open. */
  private final class RecordIterator implements Iterator<ImageRecord> {
    private int nextShard;
    private DataFileStream<ImageRecord> current;
    private ResourceId currentShard;
    private long count;

    @Override
    public boolean hasNext() {
      try {
        while (current == null || !current.hasNext()) {
          close();
          if (nextShard == shards.size()) {
            checkCount();
            return false;
          }
          currentShard = shards.get(nextShard++);
          current =
              new DataFileStream<>(
                  Channels.newInputStream(FileSystems.open(currentShard)),
                  new SpecificDatumReader<>(ImageRecord.class));
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read shard " + currentShard + ": " + e.getMessage(), e);
      }
    }

    @Override
    public ImageRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ImageRecord record = current.next();
      count++;
      try {
        ImageRecords.checkVersion(record);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(currentShard + ": " + e.getMessage(), e);
      }
      return record;
    }

    private void checkCount() {
      if (manifest != null && count != manifest.records()) {
        throw new IllegalArgumentException(
            location
                + ": the shards hold "
                + count
                + " records but "
                + ShardManifest.FILE_NAME
                + " says "
                + manifest.records()
                + "; the folder was modified after the run");
      }
    }

    void close() {
      if (current != null) {
        try {
          current.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          current = null;
        }
      }
    }
  }
}
