package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.DeadLetter;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.WriteImageShards;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The preprocessing pipeline: raw images in, validated Avro shards out.
 *
 * <pre>
 *   read (match, decode) → validate → convert channels → resize → encode → write shards ─┐
 *          └──────────────────┴───────────┴───────────────┴─────────┴→ dead letters ────┴→ manifest
 * </pre>
 *
 * Every step that can fail on one input sends it, with the reason, to the dead-letter output
 * instead of failing the job; the manifest counts them. The output folder receives {@code
 * images-*.avro}, {@code dead-letters.jsonl} and, last, {@code manifest.json}.
 */
public final class PreprocessImages extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  /** The records written to the shards. */
  public static final TupleTag<ImageRecord> IMAGES = new TupleTag<>() {};

  /** Every refused input. */
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final PreprocessSettings settings;

  private PreprocessImages(PreprocessSettings settings) {
    this.settings = settings;
  }

  public static PreprocessImages with(PreprocessSettings settings) {
    return new PreprocessImages(settings);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    ResourceId output = FileSystems.matchNewResource(settings.output(), true);
    DeadLetterList dead = new DeadLetterList();

    PCollection<ImageRecord> images =
        dead.collect(
            begin.apply(
                "Read",
                ReadImages.from(settings.inputs(), settings.format(), settings.maxPixels())
                    .withLabelsFromFolders(settings.labelFromFolder())
                    .withSpreadKeys(settings.spreadKeys())));
    images = dead.collect(images.apply("Validate", ImageStep.validate(settings.maxPixels())));
    images =
        dead.collect(
            images.apply("ConvertChannels", ImageStep.convertChannels(settings.channels())));
    images = dead.collect(images.apply("Resize", ImageStep.resize(settings.fitter())));
    images = dead.collect(images.apply("Encode", ImageStep.encode(settings.encoding())));

    PCollection<String> shards =
        images.apply("WriteShards", WriteImageShards.to(output, settings.shards()));
    PCollection<DeadLetter> deadLetters = dead.flatten();
    PCollection<Long> deadCount =
        deadLetters.apply("WriteDeadLetters", WriteDeadLetters.to(output));
    images.apply(
        "WriteManifest",
        WriteManifest.to(
            output, shards, deadCount, settings.encoding().name(), settings.describe()));
    return PCollectionTuple.of(IMAGES, images).and(DEAD_LETTERS, deadLetters);
  }

  /** The dead-letter outputs of the steps, flattened into one at the end. */
  private static final class DeadLetterList {
    private final List<PCollection<DeadLetter>> parts = new ArrayList<>();

    <T> PCollection<T> collect(WithFailures.Result<PCollection<T>, DeadLetter> step) {
      parts.add(step.failures());
      return step.output();
    }

    PCollection<DeadLetter> flatten() {
      return PCollectionList.of(parts)
          .apply("DeadLetters", Flatten.pCollections())
          .setCoder(DeadLetters.coder());
    }
  }
}
