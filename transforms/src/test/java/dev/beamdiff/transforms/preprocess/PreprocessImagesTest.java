package dev.beamdiff.transforms.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.beamdiff.data.LabeledImages;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.image.ChannelConversion;
import dev.beamdiff.transforms.image.Fit;
import dev.beamdiff.transforms.image.HandMadePng;
import dev.beamdiff.transforms.image.ImageDecoder;
import dev.beamdiff.transforms.image.ImageFitter;
import dev.beamdiff.transforms.image.PillowFixtures;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import dev.beamdiff.transforms.image.PngEncoder;
import dev.beamdiff.transforms.image.UInt8Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole preprocessing runs on the DirectRunner with 4 worker threads and its immutability and
 * encodability checks on. Good inputs are the Pillow fixture sources, so the expected pixels are
 * Pillow's own output; bad inputs of every kind must land in the dead letters with their reason.
 */
@Tag("slow")
class PreprocessImagesTest {
  /** The Pillow fixture sources (all RGB) and their sizes (height, width). */
  private static final Map<String, int[]> SOURCES =
      Map.of("wide", new int[] {25, 40}, "tall", new int[] {31, 12}, "small", new int[] {7, 10});

  @RegisterExtension
  final TestPipelineExtension extension = TestPipelineExtension.fromOptions(directOptions());

  @TempDir Path dir;

  static PipelineOptions directOptions() {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setTargetParallelism(4);
    options.setEnforceImmutability(true);
    options.setEnforceEncodability(true);
    return options;
  }

  @Test
  void imageFolderWithBadFiles(TestPipeline pipeline) throws IOException {
    Path root = dir.resolve("pets");
    writeSource(root.resolve("cat/wide.png"), "wide");
    writeSource(root.resolve("cat/small.png"), "small");
    writeSource(root.resolve("dog/tall.png"), "tall");
    byte[] goodPng = Files.readAllBytes(root.resolve("cat/wide.png"));
    TestFiles.write(root.resolve("dog/truncated.png"), Arrays.copyOf(goodPng, goodPng.length / 2));
    TestFiles.write(root.resolve("dog/empty.png"), new byte[0]);
    TestFiles.write(root.resolve("dog/random.jpg"), TestFiles.noise(500, 3));
    TestFiles.write(root.resolve("cat/notes.txt"), "not an image".getBytes());
    TestFiles.write(root.resolve("cat/bomb.png"), bombPng());
    TestFiles.write(root.resolve("cat/zero-width.png"), HandMadePng.of(0, 5, 8, 0, new byte[0]));
    Path out = dir.resolve("out");

    PreprocessSettings settings =
        new PreprocessSettings(
            List.of(root + "/*/*"),
            out.toString(),
            SourceFormat.AUTO,
            true,
            3,
            new ImageFitter(16, Fit.CROP, Filter.BICUBIC, 0),
            PixelEncoding.PNG,
            2,
            ImageDecoder.PILLOW_MAX_PIXELS,
            0);
    pipeline.apply("Preprocess", PreprocessImages.with(settings));
    pipeline.run().waitUntilFinish();

    ImageShards shards = ImageShards.open(out.toString());
    ShardManifest manifest = shards.manifest().orElseThrow();
    assertThat(manifest.shards())
        .containsExactly("images-00000-of-00002.avro", "images-00001-of-00002.avro");
    Map<String, ImageRecord> records = byId(shards);
    assertThat(records.keySet())
        .containsExactlyInAnyOrder("cat/wide.png", "cat/small.png", "dog/tall.png");
    Map<String, UInt8Image> expected = new HashMap<>();
    for (String name : List.of("wide", "small", "tall")) {
      String id = (name.equals("tall") ? "dog/" : "cat/") + name + ".png";
      ImageRecord record = records.get(id);
      assertThat(record.getEncoding()).isEqualTo(PixelEncoding.PNG);
      assertThat(record.getSourceUri()).isEqualTo(root.resolve(id).toString());
      assertThat(record.getClassName()).isEqualTo(id.substring(0, 3));
      assertThat(record.getLabel()).isEqualTo(id.startsWith("cat") ? 0 : 1);
      expected.put(id, pillow(name, "RGB", "crop", "bicubic", 16));
      assertThat(ImageRecords.image(record)).isEqualTo(expected.get(id));
    }

    Map<String, String> dead = deadLetters(out, root);
    assertThat(dead.keySet())
        .containsExactlyInAnyOrder(
            "dog/truncated.png",
            "dog/empty.png",
            "dog/random.jpg",
            "cat/notes.txt",
            "cat/bomb.png",
            "cat/zero-width.png");
    assertThat(dead.get("dog/truncated.png")).startsWith("decode: corrupt or truncated PNG");
    assertThat(dead.get("dog/empty.png")).isEqualTo("decode: empty file (0 bytes)");
    assertThat(dead.get("dog/random.jpg")).startsWith("decode: unsupported format");
    assertThat(dead.get("cat/notes.txt")).startsWith("decode: unsupported format");
    assertThat(dead.get("cat/bomb.png")).contains("exceeds the limit of 89478485 pixels");
    assertThat(dead.get("cat/zero-width.png")).startsWith("decode: corrupt PNG");

    assertThat(manifest.records()).isEqualTo(3);
    assertThat(manifest.deadLetters()).isEqualTo(6);
    assertThat(manifest.classes())
        .containsExactly(
            new ShardManifest.ClassCount(0, "cat", 2), new ShardManifest.ClassCount(1, "dog", 1));
    assertThat(manifest.encoding()).isEqualTo("PNG");
    assertThat(manifest.settings()).containsEntry("fit", "crop").containsEntry("size", "16");
    assertStatistics(manifest, expected.values());
    assertThat(shards.readAll().classNames()).containsExactly("cat", "dog");
  }

  @Test
  void idxCifarAndImagesTogether(TestPipeline pipeline) throws IOException {
    Path idx = dir.resolve("idx");
    byte[] digits = TestFiles.noise(4 * 28 * 28, 5);
    TestFiles.idx(idx.resolve("train-images-idx3-ubyte.gz"), digits, 4, 28, 28);
    TestFiles.idx(idx.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 0, 1, 1}, 4);
    byte[] broken = TestFiles.gzip(TestFiles.noise(1000, 6));
    TestFiles.write(idx.resolve("broken-images-idx3-ubyte.gz"), Arrays.copyOf(broken, 600));
    Path cifar = dir.resolve("cifar");
    byte[][] planes = {TestFiles.noise(3072, 7), TestFiles.noise(3072, 8)};
    TestFiles.write(cifar.resolve("data_batch_1.bin"), TestFiles.cifar(new int[] {5, 9}, planes));
    TestFiles.write(cifar.resolve("short.bin"), new byte[100]);
    writeSource(cifar.resolve("wide.png"), "wide");
    // over the 8 bytes a pixel + 1 MiB an image file may have with maxPixels = 2000
    TestFiles.write(cifar.resolve("huge.png"), new byte[2000 * 8 + (1 << 20) + 1]);
    Path out = dir.resolve("out");

    PreprocessSettings settings =
        new PreprocessSettings(
            List.of(idx + "/*", cifar + "/*"),
            out.toString(),
            SourceFormat.AUTO,
            false,
            1,
            new ImageFitter(32, Fit.PAD, Filter.BILINEAR, 200),
            PixelEncoding.RAW_UINT8_HWC,
            0,
            2000,
            3);
    pipeline.apply("Preprocess", PreprocessImages.with(settings));
    pipeline.run().waitUntilFinish();

    ImageShards shards = ImageShards.open(out.toString());
    Map<String, ImageRecord> records = byId(shards);
    assertThat(records.keySet())
        .containsExactlyInAnyOrder(
            "train-images-idx3-ubyte.gz#0",
            "train-images-idx3-ubyte.gz#1",
            "train-images-idx3-ubyte.gz#2",
            "train-images-idx3-ubyte.gz#3",
            "data_batch_1.bin#0",
            "data_batch_1.bin#1",
            "wide.png");
    ImageFitter fitter = settings.fitter();
    List<UInt8Image> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      UInt8Image digit =
          new UInt8Image(28, 28, 1, Arrays.copyOfRange(digits, i * 784, (i + 1) * 784));
      expected.add(fitter.apply(digit));
      ImageRecord record = records.get("train-images-idx3-ubyte.gz#" + i);
      assertThat(record.getEncoding()).isEqualTo(PixelEncoding.RAW_UINT8_HWC);
      assertThat(ImageRecords.image(record)).isEqualTo(expected.get(i));
    }
    for (int i = 0; i < 2; i++) {
      UInt8Image rgb =
          UInt8Image.fromPlanes(
              32,
              32,
              Arrays.copyOfRange(planes[i], 0, 1024),
              Arrays.copyOfRange(planes[i], 1024, 2048),
              Arrays.copyOfRange(planes[i], 2048, 3072));
      expected.add(ChannelConversion.toChannels(rgb, 1));
      assertThat(ImageRecords.image(records.get("data_batch_1.bin#" + i)))
          .isEqualTo(expected.get(4 + i));
    }
    expected.add(pillow("wide", "L", "pad", "bilinear", 32));
    assertThat(ImageRecords.image(records.get("wide.png"))).isEqualTo(expected.get(6));
    assertThat(records.get("data_batch_1.bin#1").getClassName()).isEqualTo("truck");
    assertThat(records.get("wide.png").getLabel()).isEqualTo(-1);

    Map<String, String> dead = deadLetters(out, dir);
    assertThat(dead.keySet())
        .containsExactlyInAnyOrder(
            "idx/broken-images-idx3-ubyte.gz", "cifar/short.bin", "cifar/huge.png");
    assertThat(dead.get("cifar/huge.png"))
        .isEqualTo(
            "decode: file of 1064577 bytes is larger than the 1064576-byte limit for image files"
                + " (8 bytes a pixel of --maxPixels, plus 1 MiB)");
    assertThat(dead.get("cifar/short.bin"))
        .contains("100 bytes are not a whole number of 3073-byte records");
    assertThat(dead.get("idx/broken-images-idx3-ubyte.gz")).startsWith("decode: ");

    ShardManifest manifest = shards.manifest().orElseThrow();
    assertThat(manifest.records()).isEqualTo(7);
    assertThat(manifest.deadLetters()).isEqualTo(3);
    assertThat(manifest.unlabeled()).isEqualTo(1);
    assertThat(manifest.classes())
        .containsExactly(
            new ShardManifest.ClassCount(0, "0", 1),
            new ShardManifest.ClassCount(1, "1", 3),
            new ShardManifest.ClassCount(5, "dog", 1),
            new ShardManifest.ClassCount(9, "truck", 1));
    assertStatistics(manifest, expected);
    LabeledImages all = shards.readAll();
    assertThat(all.count()).isEqualTo(7);
    assertThat(all.channels()).isEqualTo(1);
  }

  /** Mean and population std per channel, computed directly in double from the images. */
  private static void assertStatistics(ShardManifest manifest, Collection<UInt8Image> images) {
    int channels = images.iterator().next().channels();
    assertThat(manifest.channels()).isEqualTo(channels);
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      double n = 0;
      for (UInt8Image image : images) {
        for (byte b : image.plane(c)) {
          sum += (b & 0xFF) / 255.0;
          n++;
        }
      }
      double mean = sum / n;
      double squares = 0;
      for (UInt8Image image : images) {
        for (byte b : image.plane(c)) {
          squares += Math.pow((b & 0xFF) / 255.0 - mean, 2);
        }
      }
      assertThat(manifest.channelMean().get(c)).isCloseTo(mean, offset(1e-12));
      assertThat(manifest.channelStd().get(c)).isCloseTo(Math.sqrt(squares / n), offset(1e-12));
    }
  }

  private static Map<String, ImageRecord> byId(ImageShards shards) {
    try (Stream<ImageRecord> records = shards.records()) {
      return records.collect(Collectors.toMap(ImageRecord::getId, r -> r));
    }
  }

  /** Dead letters by path relative to {@code root}: "stage: reason". */
  private static Map<String, String> deadLetters(Path out, Path root) throws IOException {
    Map<String, String> dead = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve(WriteDeadLetters.FILE_NAME))) {
      JsonObject json = JsonParser.parseString(line).getAsJsonObject();
      String file = root.relativize(Path.of(json.get("sourceUri").getAsString())).toString();
      dead.put(file, json.get("stage").getAsString() + ": " + json.get("reason").getAsString());
    }
    return dead;
  }

  private static void writeSource(Path file, String source) {
    int[] hw = SOURCES.get(source);
    UInt8Image image =
        new UInt8Image(hw[0], hw[1], 3, PillowFixtures.bytes("fit/" + source + "-rgb.bin"));
    TestFiles.write(file, PngEncoder.encode(image));
  }

  /** Pillow's output for a fixture source: convert(mode), then the fit, as saved by the script. */
  private static UInt8Image pillow(
      String source, String mode, String fit, String filter, int size) {
    byte[] pixels =
        PillowFixtures.bytes(
            "fit/" + source + "-" + mode + "-" + fit + "-" + filter + "-" + size + ".bin");
    return new UInt8Image(size, size, mode.equals("L") ? 1 : 3, pixels);
  }

  /** A PNG whose header announces 30000×30000 pixels. */
  private static byte[] bombPng() {
    return HandMadePng.of(30_000, 30_000, 8, 0, new byte[30_001]);
  }
}
