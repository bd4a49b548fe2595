package dev.beamdiff.transforms.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.idx.IdxFormatException;
import dev.beamdiff.data.idx.IdxReader;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.image.UInt8Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file readers: IDX, CIFAR-10, ids and format detection. */
class SourceReadersTest {
  @TempDir Path dir;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void idxImagesAreLabelledFromTheLabelFileBesideThem() throws Exception {
    byte[] pixels = TestFiles.noise(3 * 4 * 5, 1);
    Path images = TestFiles.idx(dir.resolve("x-images-idx3-ubyte.gz"), pixels, 3, 4, 5);
    TestFiles.idx(dir.resolve("x-labels-idx1-ubyte"), new byte[] {7, 0, 2}, 3);

    List<ImageRecord> records =
        IdxImages.read(resource(images), IdxReader.readContent(images), "x-images-idx3-ubyte.gz");

    assertThat(records).hasSize(3);
    ImageRecord second = records.get(1);
    assertThat(second.getId()).isEqualTo("x-images-idx3-ubyte.gz#1");
    assertThat(second.getSourceUri()).isEqualTo(images + "#1");
    assertThat(second.getLabel()).isZero();
    assertThat(second.getClassName()).isNull();
    assertThat(ImageRecords.image(second))
        .isEqualTo(new UInt8Image(4, 5, 1, Arrays.copyOfRange(pixels, 20, 40)));
    assertThat(records.stream().map(ImageRecord::getLabel)).containsExactly(7, 0, 2);
  }

  @Test
  void idxImagesWithoutLabelFileAreUnlabelled() throws Exception {
    Path images = TestFiles.idx(dir.resolve("y-images-idx3-ubyte"), new byte[8], 2, 2, 2);
    List<ImageRecord> records = IdxImages.read(resource(images), Files.readAllBytes(images), "y");
    assertThat(records.stream().map(ImageRecord::getLabel)).containsExactly(-1, -1);
  }

  @Test
  void idxLabelCountMustMatch() throws Exception {
    Path images = TestFiles.idx(dir.resolve("z-images-idx3-ubyte"), new byte[8], 2, 2, 2);
    TestFiles.idx(dir.resolve("z-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3}, 3);
    assertThatThrownBy(() -> IdxImages.read(resource(images), Files.readAllBytes(images), "z"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("holds 3 labels but z-images-idx3-ubyte holds 2 images");
  }

  @Test
  void fashionMnistIsRecognisedByItsLabelFile() throws Exception {
    Path folder = Path.of(IdxDatasetSpec.FASHION_MNIST.systemDir());
    Path images = folder.resolve(IdxDatasetSpec.TEST_IMAGES);
    assumeTrue(Files.isRegularFile(images), "Fashion-MNIST is not installed in " + folder);

    List<ImageRecord> records =
        IdxImages.read(resource(images), IdxReader.readContent(images), "t10k");

    assertThat(records).hasSize(10_000);
    // The first test image of Fashion-MNIST is an ankle boot (label 9).
    assertThat(records.get(0).getLabel()).isEqualTo(9);
    assertThat(records.get(0).getClassName()).isEqualTo("Ankle boot");
  }

  @Test
  void cifar10RecordsBecomeHwcImagesWithClassNames() {
    byte[] planes = new byte[3072];
    for (int p = 0; p < 1024; p++) {
      planes[p] = 10; // red plane
      planes[1024 + p] = 20; // green plane
      planes[2048 + p] = (byte) p; // blue plane: 0, 1, 2, ...
    }
    byte[] batch = TestFiles.cifar(new int[] {3, 9}, new byte[][] {planes, new byte[3072]});

    List<ImageRecord> records = Cifar10Batches.read(batch, "gs://b/data_batch_1.bin", "b1");

    assertThat(records).hasSize(2);
    UInt8Image first = ImageRecords.image(records.get(0));
    assertThat(first.height()).isEqualTo(32);
    assertThat(first.channels()).isEqualTo(3);
    assertThat(first.get(0, 5, 0)).isEqualTo(10);
    assertThat(first.get(0, 5, 1)).isEqualTo(20);
    assertThat(first.get(1, 2, 2)).isEqualTo(34);
    assertThat(records.get(0).getClassName()).isEqualTo("cat");
    assertThat(records.get(1).getClassName()).isEqualTo("truck");
    assertThat(records.get(1).getId()).isEqualTo("b1#1");
  }

  @Test
  void cifar10FilesOfTheWrongLengthOrLabelsAreRefused() {
    assertThatThrownBy(() -> Cifar10Batches.read(new byte[3000], "u", "i"))
        .hasMessageContaining("3000 bytes are not a whole number of 3073-byte records");
    byte[] badLabel = new byte[3073];
    badLabel[0] = 10;
    assertThatThrownBy(() -> Cifar10Batches.read(badLabel, "u", "i"))
        .hasMessageContaining("record 0 has label 10, CIFAR-10 labels are 0 to 9");
  }

  @Test
  void idsAreRelativeToThePatternFolder() {
    SourceIds ids =
        SourceIds.forPatterns(List.of(dir + "/pets/*/*.png", dir + "/pets/extra/one.png"));
    assertThat(ids.idOf(dir + "/pets/cat/001.png")).isEqualTo("cat/001.png");
    assertThat(ids.idOf(dir + "/pets/extra/one.png")).isEqualTo("one.png");
    assertThat(ids.idOf("/elsewhere/x.png")).isEqualTo("/elsewhere/x.png");
    assertThat(SourceIds.folderOf(dir + "/data/**/*.jpg")).isEqualTo(dir + "/data/");
  }

  @Test
  void autoFormatFollowsTheFileName() {
    assertThat(SourceFormat.AUTO.of("train-images-idx3-ubyte.gz")).isEqualTo(SourceFormat.IDX);
    assertThat(SourceFormat.AUTO.of("data_batch_1.bin")).isEqualTo(SourceFormat.CIFAR10);
    assertThat(SourceFormat.AUTO.of("cat.PNG")).isEqualTo(SourceFormat.IMAGE);
    assertThat(SourceFormat.IMAGE.of("data_batch_1.bin")).isEqualTo(SourceFormat.IMAGE);
    assertThat(SourceFormat.AUTO.isCompanion("train-labels-idx1-ubyte.gz")).isTrue();
    assertThat(SourceFormat.IMAGE.isCompanion("train-labels-idx1-ubyte.gz")).isFalse();
    assertThat(ClassFolders.folderOf("gs://b/pets/cat/001.png")).isEqualTo("cat");
    assertThatThrownBy(() -> SourceFormat.parse("tfrecord"))
        .hasMessageContaining("expected one of [auto, idx, cifar10, image]");
  }

  private static ResourceId resource(Path file) {
    return FileSystems.matchNewResource(file.toString(), false);
  }
}
