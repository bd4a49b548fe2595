package dev.beamdiff.transforms.preprocess;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.beamdiff.transforms.avro.DeadLetter;
import dev.beamdiff.transforms.avro.ImageRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.ProcessFunction;
import org.apache.beam.sdk.transforms.WithFailures.ExceptionElement;

/**
 * Dead letters: inputs a step could not process, with the step's name and the reason (the
 * exception's message). Each one increments the {@link PreprocessMetrics#DEAD_LETTERS} counter.
 */
public final class DeadLetters {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private DeadLetters() {}

  /** The Beam coder of dead letters: Avro's specific (generated-class) encoding. */
  public static AvroCoder<DeadLetter> coder() {
    return AvroCoder.specific(DeadLetter.class);
  }

  /** Exception handler for steps over image records (Beam's {@code exceptionsVia}). */
  public static ProcessFunction<ExceptionElement<ImageRecord>, DeadLetter> forRecords(
      String stage) {
    return failed -> of(failed.element().getSourceUri(), stage, failed.exception());
  }

  /** Exception handler for steps over input files. */
  public static ProcessFunction<ExceptionElement<FileIO.ReadableFile>, DeadLetter> forFiles(
      String stage) {
    return failed ->
        of(failed.element().getMetadata().resourceId().toString(), stage, failed.exception());
  }

  /** A dead letter for {@code sourceUri}, refused by {@code stage} because of {@code cause}. */
  public static DeadLetter of(String sourceUri, String stage, Exception cause) {
    PreprocessMetrics.counter(PreprocessMetrics.DEAD_LETTERS).inc();
    String message = cause.getMessage();
    return DeadLetter.newBuilder()
        .setSourceUri(sourceUri)
        .setStage(stage)
        .setReason(message == null || message.isBlank() ? cause.toString() : message)
        .build();
  }

  /** One line of {@code dead-letters.jsonl}: {"sourceUri": ..., "stage": ..., "reason": ...}. */
  public static String toJson(DeadLetter letter) {
    JsonObject json = new JsonObject();
    json.addProperty("sourceUri", letter.getSourceUri());
    json.addProperty("stage", letter.getStage());
    json.addProperty("reason", letter.getReason());
    return GSON.toJson(json);
  }
}
