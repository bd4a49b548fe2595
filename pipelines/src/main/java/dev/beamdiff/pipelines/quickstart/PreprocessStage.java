package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.pipelines.preprocess.PreprocessOptions;
import dev.beamdiff.pipelines.preprocess.PreprocessPipeline;
import dev.beamdiff.transforms.avro.ShardManifest;
import dev.beamdiff.transforms.preprocess.PreprocessMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Fashion-MNIST's training and test splits through the preprocess pipeline ({@link
 * PreprocessPipeline}) into Avro shards of 28×28×1 images, one folder per split. A split is
 * finished when its {@value ShardManifest#FILE_NAME} exists and describes the expected images.
 */
final class PreprocessStage implements Stage {
  private static final int SIZE = 28;
  private static final int CHANNELS = 1;

  private final QuickstartSettings settings;
  private final FashionMnistSource source;

  PreprocessStage(QuickstartSettings settings, FashionMnistSource source) {
    this.settings = settings;
    this.source = source;
  }

  @Override
  public String name() {
    return "preprocess";
  }

  @Override
  public String title() {
    return "Fashion-MNIST IDX → Avro shards (" + SIZE + "×" + SIZE + "×" + CHANNELS + ")";
  }

  @Override
  public Optional<String> finished() {
    Optional<ShardManifest> train = finishedSplit(true);
    Optional<ShardManifest> test = finishedSplit(false);
    if (train.isEmpty() || test.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "%,d training and %,d test images in %s",
            train.get().records(), test.get().records(), settings.trainShards().getParent()));
  }

  @Override
  public void clear() {
    Folders.delete(settings.trainShards().getParent());
  }

  @Override
  public void run(StageLog log) {
    for (boolean train : new boolean[] {true, false}) {
      String split = train ? "training" : "test";
      Optional<ShardManifest> done = finishedSplit(train);
      if (done.isPresent()) {
        log.note(String.format("reusing the %s split (%,d images)", split, done.get().records()));
        continue;
      }
      Path output = output(train);
      Folders.delete(output);
      log.note("preprocessing the " + split + " split into " + output);
      PreprocessOptions options =
          PipelineOptionsFactory.fromArgs(arguments(train).toArray(String[]::new))
              .withValidation()
              .as(PreprocessOptions.class);
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setBlockOnRun(false);
      // As `beamdiff preprocess`: the DirectRunner's element checks cost 3-7x in throughput.
      direct.setEnforceImmutability(false);
      direct.setEnforceEncodability(false);
      PipelineResult result = PreprocessPipeline.create(options).run();
      new PipelineWait(
              PreprocessMetrics.NAMESPACE,
              PreprocessMetrics.IMAGES_ENCODED,
              "images",
              source.expectedCount(train),
              10_000)
          .await(result, "preprocessing the " + split + " split", log.out());
      ShardManifest manifest =
          finishedSplit(train)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "preprocessing the "
                              + split
                              + " split finished but "
                              + output.resolve(ShardManifest.FILE_NAME)
                              + " does not describe "
                              + source.expectedCount(train)
                              + " images of "
                              + SIZE
                              + "×"
                              + SIZE
                              + "×"
                              + CHANNELS
                              + " without dead letters; see "
                              + output));
      log.note(String.format("%,d images written", manifest.records()));
    }
  }

  @Override
  public List<String> commands() {
    List<String> commands = new ArrayList<>();
    for (boolean train : new boolean[] {true, false}) {
      commands.add(
          "./beamdiff preprocess --input "
              + source.imageFile(train)
              + " --output "
              + output(train)
              + " --size "
              + SIZE
              + " --channels "
              + CHANNELS);
    }
    return commands;
  }

  private List<String> arguments(boolean train) {
    List<String> args = new ArrayList<>();
    args.add("--input=" + source.imageFile(train));
    args.add("--output=" + output(train));
    args.add("--size=" + SIZE);
    args.add("--channels=" + CHANNELS);
    args.add("--runner=DirectRunner");
    return args;
  }

  private Path output(boolean train) {
    return train ? settings.trainShards() : settings.testShards();
  }

  /** The split's manifest, if the split is complete and as expected. */
  private Optional<ShardManifest> finishedSplit(boolean train) {
    Path file = output(train).resolve(ShardManifest.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    ShardManifest m;
    try {
      m = ShardManifest.fromJson(Folders.read(file), file.toString());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    boolean matches =
        m.records() == source.expectedCount(train)
            && m.deadLetters() == 0
            && m.height() == SIZE
            && m.width() == SIZE
            && m.channels() == CHANNELS;
    return matches ? Optional.of(m) : Optional.empty();
  }
}
