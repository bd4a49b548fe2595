package dev.beamdiff.transforms.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.image.UInt8Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ImageStatsTest {

  @Test
  void meanAndStdArePerChannelPopulationMomentsInUnitScale() {
    // channel 0: values 0 and 255 → mean 0.5, std 0.5; channel 1: all 51 → mean 0.2, std 0
    UInt8Image image = new UInt8Image(1, 2, 3, new byte[] {0, 51, 10, (byte) 255, 51, 20});
    ImageStats stats = new ImageStats().add(record(image, 4, "four"));
    assertThat(stats.channelMean().get(0)).isEqualTo(0.5);
    assertThat(stats.channelMean().get(1)).isCloseTo(0.2, Offset.offset(1e-15));
    assertThat(stats.channelStd().get(0)).isEqualTo(0.5);
    assertThat(stats.channelStd().get(1)).isZero();
    assertThat(stats.channelStd().get(2)).isCloseTo(5 / 255.0, Offset.offset(1e-15));
  }

  @Test
  void mergingInAnyGroupingGivesTheSameResult() {
    List<ImageRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      UInt8Image image = new UInt8Image(3, 2, 1, TestFiles.noise(6, i));
      ImageRecord record = record(image, i % 3 == 0 ? -1 : i % 4, "c" + (i % 4));
      records.add(i % 2 == 0 ? ImageRecords.encoded(record, PixelEncoding.PNG) : record);
    }
    ImageStats all = new ImageStats();
    records.forEach(all::add);
    ImageStats left = new ImageStats();
    ImageStats right = new ImageStats();
    for (int i = 0; i < records.size(); i++) {
      (i < 5 ? left : right).add(records.get(i));
    }
    ImageStats merged = new ImageStats().merge(right).merge(new ImageStats()).merge(left);

    assertThat(merged).isEqualTo(all);
    ShardManifest manifest = merged.toManifest(List.of("b.avro", "a.avro"), 2, "PNG", Map.of());
    assertThat(manifest.records()).isEqualTo(12);
    assertThat(manifest.unlabeled()).isEqualTo(4);
    assertThat(manifest.shards()).containsExactly("a.avro", "b.avro");
    assertThat(manifest.classes().stream().mapToLong(ShardManifest.ClassCount::count).sum())
        .isEqualTo(8);
  }

  @Test
  void imagesOfDifferentShapesAreRefused() {
    ImageStats stats = new ImageStats().add(record(UInt8Image.filled(2, 2, 1, 0), 0, null));
    assertThatThrownBy(() -> stats.add(record(UInt8Image.filled(2, 3, 1, 0), 0, null)))
        .hasMessageContaining("is 2×3×1 but the other images are 2×2×1");
  }

  private static ImageRecord record(UInt8Image image, int label, String className) {
    return ImageRecords.raw("id", "uri", label, label < 0 ? null : className, image);
  }
}
