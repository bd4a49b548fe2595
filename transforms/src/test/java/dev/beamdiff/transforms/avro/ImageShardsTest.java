package dev.beamdiff.transforms.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageShardsTest {
  @TempDir Path dir;

  @Test
  void readsAFolderThroughItsManifest() throws IOException {
    writeShard("images-00000-of-00002.avro", record(0, 3, "cat"), record(1, -1, null));
    writeShard("images-00001-of-00002.avro", encoded(record(2, 1, "dog")));
    writeManifest(3, List.of("images-00000-of-00002.avro", "images-00001-of-00002.avro"));

    ImageShards shards = ImageShards.open(dir.toString());
    assertThat(shards.shardUris()).hasSize(2);
    assertThat(shards.manifest()).isPresent();

    LabeledImages all = shards.readAll();
    assertThat(all.count()).isEqualTo(3);
    assertThat(all.labels()).containsExactly(3, -1, 1);
    assertThat(all.classNames()).containsExactly("0", "dog", "2", "cat");
    assertThat(all.height()).isEqualTo(2);
    assertThat(all.width()).isEqualTo(3);
    assertThat(all.channels()).isEqualTo(1);
    // image i holds the value i everywhere; the PNG-encoded one decodes back to raw bytes
    assertThat(all.pixels()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2);
  }

  @Test
  void readsAGlobWithoutAManifest() throws IOException {
    writeShard("a.avro", record(0, 0, "x"));
    writeShard("b.avro", record(1, 0, "x"), record(2, 0, "x"));

    ImageShards shards = ImageShards.open(dir.resolve("*.avro").toString());
    assertThat(shards.manifest()).isEmpty();
    try (Stream<ImageRecord> records = shards.records()) {
      assertThat(records.map(ImageRecord::getId)).containsExactly("img-0", "img-1", "img-2");
    }
  }

  @Test
  void refusesAFolderWithoutManifest() throws IOException {
    writeShard("images-00000-of-00001.avro", record(0, 0, "x"));
    assertThatThrownBy(() -> ImageShards.open(dir.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no manifest.json")
        .hasMessageContaining("*.avro");
  }

  @Test
  void refusesShardsThatDisagreeWithTheManifest() throws IOException {
    writeShard("images-00000-of-00001.avro", record(0, 0, "x"));
    writeManifest(2, List.of("images-00000-of-00001.avro"));
    assertThatThrownBy(() -> ImageShards.open(dir.toString()).readAll())
        .hasMessageContaining("the shards hold 1 records but manifest.json says 2");
  }

  @Test
  void refusesUnknownSchemaVersions() throws IOException {
    ImageRecord future = ImageRecord.newBuilder(record(0, 0, "x")).setSchemaVersion(2).build();
    writeShard("future.avro", future);
    assertThatThrownBy(() -> ImageShards.open(dir.resolve("future.avro").toString()).readAll())
        .hasMessageContaining("future.avro")
        .hasMessageContaining("schema version 2; this BeamDiff reads version 1");
  }

  @Test
  void refusesRecordsWhosePixelsDoNotMatchTheirShape() {
    ImageRecord wrong = ImageRecord.newBuilder(record(0, 0, "x")).setWidth(4).build();
    assertThatThrownBy(() -> ImageRecords.image(wrong))
        .hasMessageContaining("record img-0: unreadable pixels")
        .hasMessageContaining("needs 8 bytes, got 6");
  }

  private static ImageRecord record(int index, int label, String className) {
    return ImageRecords.raw(
        "img-" + index,
        "file:///data/img-" + index + ".png",
        label,
        className,
        UInt8Image.filled(2, 3, 1, index));
  }

  private static ImageRecord encoded(ImageRecord record) {
    ImageRecord png = ImageRecords.encoded(record, PixelEncoding.PNG);
    assertThat(png.getEncoding()).isEqualTo(PixelEncoding.PNG);
    return png;
  }

  private void writeShard(String name, ImageRecord... records) throws IOException {
    try (DataFileWriter<ImageRecord> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ImageRecord.class))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(ImageRecord.getClassSchema(), dir.resolve(name).toFile());
      for (ImageRecord record : records) {
        writer.append(record);
      }
    }
  }

  private void writeManifest(long records, List<String> shards) throws IOException {
    ShardManifest manifest =
        new ShardManifest(
            1,
            records,
            0,
            2,
            3,
            1,
            "RAW_UINT8_HWC",
            List.of(new ShardManifest.ClassCount(1, "dog", 1)),
            1,
            List.of(0.5),
            List.of(0.1),
            shards,
            Map.of("size", "3"));
    Files.writeString(dir.resolve(ShardManifest.FILE_NAME), manifest.toJson());
    assertThat(ShardManifest.fromJson(manifest.toJson(), "test")).isEqualTo(manifest);
  }
}
