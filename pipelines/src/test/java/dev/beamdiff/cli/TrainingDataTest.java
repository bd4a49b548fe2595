package dev.beamdiff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.PixelEncoding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data} accepts preprocessed Avro shards next to named datasets and image folders. */
class TrainingDataTest {
  @TempDir Path dir;

  @Test
  void readsAGlobOfPreprocessedShardsAsLabeledTrainingImages() throws IOException {
    writeShard(dir.resolve("shard-0.avro"), 0, 3);
    writeShard(dir.resolve("shard-1.avro"), 3, 2);

    TrainingData data = TrainingData.load(dir.resolve("*.avro").toString(), null);

    assertThat(data.source()).endsWith("(Avro shards)");
    assertThat(data.dataset().size()).isEqualTo(5);
    assertThat(data.dataset().channels()).isEqualTo(1);
    assertThat(data.dataset().height()).isEqualTo(2);
    assertThat(data.dataset().width()).isEqualTo(3);
    assertThat(data.dataset().classNames()).containsExactly("even", "odd");
    float[] image = new float[6];
    int label = data.dataset().read(4, image, 0);
    assertThat(label).isEqualTo(0);
    // Pixel value 4·10 + p, scaled to [−1, 1] as byte / 127.5 − 1.
    assertThat(image[5]).isEqualTo(45 / 127.5f - 1f);
  }

  @Test
  void aFolderWithoutManifestOrImagesIsNamedInTheError() {
    assertThatThrownBy(() -> TrainingData.load(dir.resolve("missing").toString(), null))
        .hasMessageContaining("--data")
        .hasMessageContaining("missing")
        .hasMessageContaining("Avro shards");
  }

  /**
   * Images {@code from … from+count−1}: 2×3 gray, pixel p of image i is 10·i + p, label i mod 2.
   */
  private static void writeShard(Path file, int from, int count) throws IOException {
    try (DataFileWriter<ImageRecord> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ImageRecord.class))) {
      writer.create(ImageRecord.getClassSchema(), file.toFile());
      for (int i = from; i < from + count; i++) {
        byte[] pixels = new byte[6];
        for (int p = 0; p < 6; p++) {
          pixels[p] = (byte) (10 * i + p);
        }
        writer.append(
            ImageRecord.newBuilder()
                .setId("img#" + i)
                .setSourceUri("test:img#" + i)
                .setLabel(i % 2)
                .setClassName(i % 2 == 0 ? "even" : "odd")
                .setHeight(2)
                .setWidth(3)
                .setChannels(1)
                .setEncoding(PixelEncoding.RAW_UINT8_HWC)
                .setPixels(ByteBuffer.wrap(pixels))
                .build());
      }
    }
  }
}
