package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.data.DatasetLocation;
import dev.beamdiff.data.DatasetLocator;
import dev.beamdiff.data.IdxDatasetSpec;
import dev.beamdiff.data.idx.IdxReader;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.image.Fit;
import dev.beamdiff.transforms.image.ImageDecoder;
import dev.beamdiff.transforms.image.ImageFitter;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Images per second preprocessing all 70,000 Fashion-MNIST images, on the DirectRunner and in a
 * plain single-threaded loop doing the same work: read and parse both IDX files with their labels,
 * then per image the pipeline's own step functions (validate, convert channels, resize, encode),
 * statistics, and one snappy Avro file plus the manifest.
 *
 * <p>Run (after {@code ./mvnw -q -pl transforms -am test-compile}) with the classpath printed by
 * {@code dependency:build-classpath}; see the README's benchmark section. Arguments: {@code
 * [repetitions [loop|unchecked|checked]]} (default: 2 repetitions of all three; the best run is
 * reported).
 */
public final class PreprocessBenchmark {
  private static final int THREADS = 2;

  private record Config(String name, int size, Fit fit, Filter filter) {}

  private static final List<Config> CONFIGS =
      List.of(
          new Config("32x32 pad bicubic", 32, Fit.PAD, Filter.BICUBIC),
          new Config("64x64 bicubic", 64, Fit.SQUASH, Filter.BICUBIC));

  private PreprocessBenchmark() {}

  public static void main(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String only = args.length > 1 ? args[1] : "";
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    DatasetLocation data =
        DatasetLocator.defaults().locate(IdxDatasetSpec.FASHION_MNIST, Optional.empty());
    List<Path> imageFiles =
        List.of(data.file(IdxDatasetSpec.TRAIN_IMAGES), data.file(IdxDatasetSpec.TEST_IMAGES));
    System.out.printf(
        "Fashion-MNIST from %s; %d cores visible, DirectRunner targetParallelism %d%n",
        data.dir(), Runtime.getRuntime().availableProcessors(), THREADS);
    System.out.printf("%-20s %-38s %8s %10s%n", "config", "how", "seconds", "images/s");
    for (Config config : CONFIGS) {
      PreprocessSettings settings = settings(config, imageFiles);
      if (only.isEmpty() || only.equals("loop")) {
        report(config, "plain Java loop, 1 thread", repetitions, () -> loop(settings, imageFiles));
      }
      if (only.isEmpty() || only.equals("unchecked")) {
        report(config, "DirectRunner, checks off", repetitions, () -> pipeline(settings, false));
      }
      if (only.isEmpty() || only.equals("checked")) {
        report(config, "DirectRunner, checks on", repetitions, () -> pipeline(settings, true));
      }
    }
  }

  private interface Run {
    long images() throws Exception;
  }

  private static void report(Config config, String how, int repetitions, Run run) throws Exception {
    double best = Double.MAX_VALUE;
    long images = 0;
    for (int i = 0; i < repetitions; i++) {
      long start = System.nanoTime();
      images = run.images();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    System.out.printf("%-20s %-38s %8.2f %10.0f%n", config.name(), how, best, images / best);
  }

  private static PreprocessSettings settings(Config config, List<Path> imageFiles)
      throws IOException {
    return new PreprocessSettings(
        imageFiles.stream().map(Path::toString).toList(),
        Files.createTempDirectory("beamdiff-bench").toString(),
        SourceFormat.AUTO,
        false,
        1,
        new ImageFitter(config.size(), config.fit(), config.filter(), 0),
        PixelEncoding.RAW_UINT8_HWC,
        0,
        ImageDecoder.PILLOW_MAX_PIXELS,
        4 * THREADS);
  }

  /** The same work as the pipeline, one image after the other. */
  private static long loop(PreprocessSettings settings, List<Path> imageFiles) throws IOException {
    Path out = freshOutput(settings);
    List<ImageStep> steps =
        List.of(
            ImageStep.validate(settings.maxPixels()),
            ImageStep.convertChannels(settings.channels()),
            ImageStep.resize(settings.fitter()),
            ImageStep.encode(settings.encoding()));
    ImageStats stats = new ImageStats();
    String shard = "images-00000-of-00001.avro";
    try (DataFileWriter<ImageRecord> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ImageRecord.class))) {
      writer.setCodec(CodecFactory.snappyCodec());
      writer.create(ImageRecord.getClassSchema(), out.resolve(shard).toFile());
      for (Path file : imageFiles) {
        ResourceId resource = FileSystems.matchNewResource(file.toString(), false);
        for (ImageRecord record :
            IdxImages.read(resource, IdxReader.readContent(file), file.getFileName().toString())) {
          for (ImageStep step : steps) {
            record = step.function().apply(record);
          }
          stats.add(record);
          writer.append(record);
        }
      }
    }
    ShardManifest manifest =
        stats.toManifest(List.of(shard), 0, settings.encoding().name(), settings.describe());
    Files.writeString(out.resolve(ShardManifest.FILE_NAME), manifest.toJson());
    return manifest.records();
  }

  private static long pipeline(PreprocessSettings settings, boolean checks) throws IOException {
    freshOutput(settings);
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(THREADS);
    options.setEnforceImmutability(checks);
    options.setEnforceEncodability(checks);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply("Preprocess", PreprocessImages.with(settings));
    pipeline.run().waitUntilFinish();
    return ImageShards.open(settings.output()).manifest().orElseThrow().records();
  }

  private static Path freshOutput(PreprocessSettings settings) throws IOException {
    Path out = Path.of(settings.output());
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.walk(out)) {
        List<Path> all = new ArrayList<>(files.toList());
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(out);
  }
}
