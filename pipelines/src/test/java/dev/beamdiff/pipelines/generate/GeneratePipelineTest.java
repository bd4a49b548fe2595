package dev.beamdiff.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.cli.CheckpointLocation;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ImageGenerator;
import dev.beamdiff.pipelines.evaluate.EvaluationInput;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.generate.GeneratedPixels;
import dev.beamdiff.transforms.image.ImageDecoder;
import dev.beamdiff.transforms.image.UInt8Image;
import dev.beamdiff.transforms.metrics.image.DecodeImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generation pipeline on the DirectRunner with 4 threads, on a tiny trained checkpoint: runs
 * are byte-for-byte repeatable, image i is {@link ImageGenerator}'s image i whatever the batching,
 * also when the threads sample concurrently, the Avro records carry index and class, and bad
 * options are named in the error.
 */
@Tag("slow")
class GeneratePipelineTest {
  private static final int N = 10;

  @TempDir static Path shared;
  private static Path run;
  private static Path first;
  private static GenerationReport firstReport;

  @TempDir Path dir;

  @BeforeAll
  static void trainAndGenerate() {
    run = TinyCheckpoint.train(shared.resolve("run"));
    first = shared.resolve("first");
    GeneratePipeline.run(options(first, 4, "png,avro"));
    firstReport = GenerationReport.read(first.toString());
  }

  static GenerateOptions options(Path output, int batchSize, String format) {
    GenerateOptions options = PipelineOptionsFactory.as(GenerateOptions.class);
    options.setCheckpoint(run.toString());
    options.setN(N);
    options.setSampler("euler");
    options.setSteps(3);
    options.setGuidance(1.5);
    options.setSeed(11);
    options.setOutput(output.toString());
    options.setFormat(format);
    options.setBatchSize(batchSize);
    options.as(DirectOptions.class).setTargetParallelism(4);
    return options;
  }

  @Test
  void aSecondRunWritesIdenticalFiles() throws IOException {
    Path second = dir.resolve("second");
    GeneratePipeline.run(options(second, 4, "png"));
    Map<String, byte[]> a = pngs(first);
    Map<String, byte[]> b = pngs(second);
    assertThat(a.keySet())
        .containsExactly(
            Stream.iterate(0, i -> i + 1)
                .limit(N)
                .map(i -> String.format("img-%06d.png", i))
                .toArray(String[]::new));
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String name : a.keySet()) {
      assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
    }
    assertThat(second.resolve("avro")).doesNotExist();
  }

  @Test
  void imageIIsTheGeneratorsImageIWhateverTheBatching() throws IOException {
    CheckpointLocation.Loaded loaded = CheckpointLocation.load(run.toString());
    try (DiffusionModel model = DiffusionModel.fromCheckpoint(loaded.checkpoint(), true, "test")) {
      ImageGenerator generator = new ImageGenerator(model);
      // image 7 alone (n = 1 at index 7), class 7 mod 3
      float[] alone =
          generator.generate(
              new GenerationRequest("euler", 3, null, 1, new int[] {1}, 1.5, 11, 7, 1));
      // image 7 at position 2 of a batch of 3 starting at index 5
      float[] inBatch =
          generator.generate(
              new GenerationRequest("euler", 3, null, 3, new int[] {2, 0, 1}, 1.5, 11, 5, 3));
      UInt8Image expected = GeneratedPixels.image(alone, 0, 1, TinyCheckpoint.SIZE);
      UInt8Image pipeline =
          ImageDecoder.decode(Files.readAllBytes(first.resolve("img-000007.png")), 64);
      assertThat(pipeline).isEqualTo(expected);
      assertThat(GeneratedPixels.image(inBatch, 2, 1, TinyCheckpoint.SIZE)).isEqualTo(expected);
      // and the images differ from one index to the next
      assertThat(GeneratedPixels.image(inBatch, 1, 1, TinyCheckpoint.SIZE)).isNotEqualTo(expected);
      // every image of the 4-thread run (threads sample concurrently on one shared model) is the
      // one a single thread draws
      float[] all =
          generator.generate(new GenerationRequest("euler", 3, null, N, null, 1.5, 11, 0, N));
      for (int i = 0; i < N; i++) {
        Path png = first.resolve(String.format("img-%06d.png", i));
        assertThat(ImageDecoder.decode(Files.readAllBytes(png), 64))
            .as("image %d", i)
            .isEqualTo(GeneratedPixels.image(all, i, 1, TinyCheckpoint.SIZE));
      }
    }
  }

  @Test
  void avroRecordsCarryIndexClassAndThePngPixels() throws IOException {
    Map<String, ImageRecord> records = new TreeMap<>();
    try (Stream<Path> files = Files.list(first.resolve("avro"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
        assertThat(file.getFileName().toString()).startsWith("images-");
        try (DataFileReader<ImageRecord> reader =
            new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ImageRecord.class))) {
          for (ImageRecord r : reader) {
            assertThat(records.put(r.getId().toString(), r)).isNull();
          }
        }
      }
    }
    assertThat(records).hasSize(N);
    for (int i = 0; i < N; i++) {
      ImageRecord r = records.get(Integer.toString(i));
      assertThat(r.getLabel()).as("label of %d", i).isEqualTo(i % 3);
      assertThat(r.getClassName().toString()).isEqualTo(TinyCheckpoint.CLASSES.get(i % 3));
      byte[] png = Files.readAllBytes(first.resolve(String.format("img-%06d.png", i)));
      assertThat(ImageRecords.image(r)).isEqualTo(ImageDecoder.decode(png, 64));
    }
  }

  /**
   * What {@code beamdiff evaluate --real '<output>/avro/*.avro' --fake <output>} reads (its input
   * classification and decoding steps, without the detector): the same ten images from both.
   */
  @Test
  void evaluateReadsThePngFolderAndTheAvroShardsAsTheSameImages() throws IOException {
    EvaluationInput avro = EvaluationInput.parse("--real", first.resolve("avro/*.avro").toString());
    EvaluationInput folder = EvaluationInput.parse("--fake", first.toString());
    assertThat(avro.kind()).isEqualTo(EvaluationInput.Kind.AVRO);
    assertThat(folder.kind()).isEqualTo(EvaluationInput.Kind.IMAGES);
    List<String> expected = new ArrayList<>();
    for (byte[] png : pngs(first).values()) {
      expected.add(Base64.getEncoder().encodeToString(ImageDecoder.decode(png, 64).pixels()));
    }

    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple fromAvro =
        pipeline
            .apply("ReadAvro", AvroIO.read(ImageRecord.class).from(avro.pattern()))
            .apply("DecodeRecords", DecodeImages.records());
    PCollectionTuple fromPngs =
        pipeline
            .apply("Match", FileIO.match().filepattern(folder.pattern()))
            .apply("ReadFiles", FileIO.readMatches())
            .apply("DecodeFiles", DecodeImages.files());
    for (PCollectionTuple decoded : List.of(fromAvro, fromPngs)) {
      PAssert.that(decoded.get(DecodeImages.REJECTED)).empty();
      PAssert.that(
              decoded
                  .get(DecodeImages.DECODED)
                  .apply(
                      MapElements.into(TypeDescriptors.strings())
                          .via(image -> Base64.getEncoder().encodeToString(image.pixels()))))
          .containsInAnyOrder(expected);
    }
    pipeline.run().waitUntilFinish();
  }

  @Test
  void theReportHoldsTheRequestAndTheCount() {
    assertThat(firstReport.written).isEqualTo(N);
    assertThat(firstReport.imagesPerSecond).isPositive();
    assertThat(firstReport.request.n).isEqualTo(N);
    assertThat(firstReport.request.sampler).isEqualTo("euler");
    assertThat(firstReport.request.steps).isEqualTo(3);
    assertThat(firstReport.request.guidance).isEqualTo(1.5);
    assertThat(firstReport.request.seed).isEqualTo(11);
    assertThat(firstReport.request.classCycle).containsExactly(0, 1, 2);
    assertThat(firstReport.request.checkpointFile).endsWith("step-000000003.ckpt");
    assertThat(firstReport.png).endsWith("img-*.png");
    assertThat(firstReport.avro).endsWith("avro/images-*.avro");
  }

  @Test
  void chosenClassesCycleByIndex() {
    GenerateOptions options = options(dir.resolve("unused"), 4, "png");
    options.setClasses("y, 0");
    GeneratePipeline.Plan plan = GeneratePipeline.plan(options);
    assertThat(plan.generation().classes().labels(0, 5)).containsExactly(1, 0, 1, 0, 1);
    assertThat(plan.ranges()).hasSize(3);
  }

  @Test
  void badOptionsAreNamed() {
    GenerateOptions missing = options(dir, 4, "png");
    missing.setCheckpoint(dir.resolve("nothing-here").toString());
    assertThatThrownBy(() -> GeneratePipeline.plan(missing))
        .hasMessageContaining("--checkpoint: no checkpoint (step-*.ckpt) in");
    assertBad(o -> o.setN(0), "--n: expected at least 1 image, got 0");
    assertBad(o -> o.setN(-3), "--n: expected at least 1 image, got -3");
    assertBad(o -> o.setSampler("magic"), "--sampler: ");
    assertBad(o -> o.setClasses("x,shoe"), "--classes: 'shoe' is not a class index in [0, 3)");
    assertBad(o -> o.setClasses("3"), "--classes: '3' is not a class index in [0, 3)");
    assertBad(o -> o.setFormat("jpg"), "--format: 'jpg' is not one of png, avro, png,avro");
    assertBad(o -> o.setBatchSize(0), "--batchSize: expected at least 1");
    assertBad(o -> o.setSteps(0), "--steps: expected at least 1");
    assertBad(o -> o.setGuidance(-1), "--guidance: expected a finite scale >= 0");
    assertBad(o -> o.setOutput(""), "--output: required");
  }

  private void assertBad(java.util.function.Consumer<GenerateOptions> change, String message) {
    GenerateOptions options = options(dir, 4, "png");
    change.accept(options);
    assertThatThrownBy(() -> GeneratePipeline.plan(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static Map<String, byte[]> pngs(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path f : list.filter(p -> p.toString().endsWith(".png")).toList()) {
        files.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return files;
  }
}
