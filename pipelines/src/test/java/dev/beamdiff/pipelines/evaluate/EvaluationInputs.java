package dev.beamdiff.pipelines.evaluate;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.metrics.image.DecodedImage;
import dev.beamdiff.transforms.metrics.image.ImageDecoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/** Writes evaluation inputs for tests: Avro image shards and PNG folders. */
final class EvaluationInputs {
  private EvaluationInputs() {}

  /** Writes {@code images} as RAW_UINT8_HWC records into {@code shards} Avro files. */
  static void writeAvro(Path dir, String prefix, List<DecodedImage> images, int shards)
      throws IOException {
    Files.createDirectories(dir);
    for (int s = 0; s < shards; s++) {
      try (DataFileWriter<ImageRecord> writer =
          new DataFileWriter<>(new SpecificDatumWriter<>(ImageRecord.class))) {
        writer.create(
            ImageRecord.getClassSchema(), dir.resolve(prefix + "-" + s + ".avro").toFile());
        for (int i = s; i < images.size(); i += shards) {
          writer.append(record(prefix + "-" + i, images.get(i)));
        }
      }
    }
  }

  static ImageRecord record(String id, DecodedImage image) {
    return ImageRecord.newBuilder()
        .setId(id)
        .setSourceUri("test:" + id)
        .setHeight(image.height())
        .setWidth(image.width())
        .setChannels(image.channels())
        .setEncoding(PixelEncoding.RAW_UINT8_HWC)
        .setPixels(ByteBuffer.wrap(image.pixels()))
        .build();
  }

  /** Writes {@code images} as PNG files {@code image-<i>.png}. */
  static void writePngs(Path dir, List<DecodedImage> images) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < images.size(); i++) {
      Files.write(
          dir.resolve(String.format("image-%04d.png", i)), ImageDecoding.toPng(images.get(i)));
    }
  }
}
