package dev.beamdiff.transforms.generate;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.image.PngEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Writes each generated image to {@code <folder>/img-<index, 6 digits>.png} through Beam's file
 * systems (local or {@code gs://}) and outputs the file's name. The name depends on the index
 * alone, so a retry overwrites the same file with the same bytes.
 */
public final class WritePngFn extends DoFn<ImageRecord, String> {
  private static final long serialVersionUID = 1L;

  private final String folder;
  private final Counter written =
      Metrics.counter(GenerateMetrics.NAMESPACE, GenerateMetrics.PNG_WRITTEN);

  /** Writes into {@code folder} (a local path or URI). */
  public WritePngFn(String folder) {
    this.folder = folder;
  }

  /** The file name of image {@code index}: {@code img-000042.png}. */
  public static String fileName(long index) {
    return String.format("img-%06d.png", index);
  }

  @ProcessElement
  public void process(@Element ImageRecord record, OutputReceiver<String> out) {
    String name = fileName(Long.parseLong(record.getId()));
    ResourceId file =
        FileSystems.matchNewResource(folder, true)
            .resolve(name, StandardResolveOptions.RESOLVE_FILE);
    byte[] png = PngEncoder.encode(ImageRecords.image(record));
    try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.BINARY)) {
      ByteBuffer buffer = ByteBuffer.wrap(png);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    written.inc();
    out.output(name);
  }
}
