package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.DeadLetter;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes dead letters to {@code <folder>/dead-letters.jsonl}, one JSON object per line (an empty
 * file when there are none), and outputs how many there were.
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<Long>> {
  private static final long serialVersionUID = 1L;

  /** File name of the dead-letter output. */
  public static final String FILE_NAME = "dead-letters.jsonl";

  private final ResourceId folder;

  private WriteDeadLetters(ResourceId folder) {
    this.folder = folder;
  }

  public static WriteDeadLetters to(ResourceId folder) {
    return new WriteDeadLetters(folder);
  }

  @Override
  public PCollection<Long> expand(PCollection<DeadLetter> letters) {
    letters
        .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(DeadLetters::toJson))
        .apply(
            "WriteJsonLines",
            TextIO.write()
                .to(folder.resolve("dead-letters", StandardResolveOptions.RESOLVE_FILE))
                .withSuffix(".jsonl")
                .withoutSharding());
    return letters.apply("Count", Count.globally());
  }
}
