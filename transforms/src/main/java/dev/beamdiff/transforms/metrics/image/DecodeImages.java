package dev.beamdiff.transforms.metrics.image;

import dev.beamdiff.transforms.avro.ImageRecord;
import java.io.IOException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Decodes evaluation inputs, Avro {@link ImageRecord}s or matched image files, into {@link
 * DecodedImage}s. Inputs that fail go to {@link #REJECTED} as (source, reason) instead of failing
 * the job, so a report can say how many were left out and why.
 */
public final class DecodeImages {
  public static final TupleTag<DecodedImage> DECODED = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> REJECTED = new TupleTag<>() {};

  private DecodeImages() {}

  /** Decodes Avro image records. */
  public static PTransform<PCollection<ImageRecord>, PCollectionTuple> records() {
    return new PTransform<>("DecodeImageRecords") {
      @Override
      public PCollectionTuple expand(PCollection<ImageRecord> input) {
        return withCoders(
            input.apply(
                ParDo.of(new RecordFn()).withOutputTags(DECODED, TupleTagList.of(REJECTED))));
      }
    };
  }

  /** Decodes image files (PNG, JPEG, BMP, GIF). */
  public static PTransform<PCollection<FileIO.ReadableFile>, PCollectionTuple> files() {
    return new PTransform<>("DecodeImageFiles") {
      @Override
      public PCollectionTuple expand(PCollection<FileIO.ReadableFile> input) {
        return withCoders(
            input.apply(ParDo.of(new FileFn()).withOutputTags(DECODED, TupleTagList.of(REJECTED))));
      }
    };
  }

  private static PCollectionTuple withCoders(PCollectionTuple outputs) {
    outputs.get(DECODED).setCoder(DecodedImageCoder.of());
    outputs.get(REJECTED).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return outputs;
  }

  static final class RecordFn extends DoFn<ImageRecord, DecodedImage> {
    @ProcessElement
    public void process(@Element ImageRecord record, MultiOutputReceiver out) {
      try {
        out.get(DECODED).output(ImageDecoding.fromRecord(record));
      } catch (RuntimeException e) {
        out.get(REJECTED).output(KV.of("record " + record.getId(), e.getMessage()));
      }
    }
  }

  static final class FileFn extends DoFn<FileIO.ReadableFile, DecodedImage> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) {
      String source = file.getMetadata().resourceId().toString();
      try {
        out.get(DECODED).output(ImageDecoding.fromEncodedBytes(source, file.readFullyAsBytes()));
      } catch (IOException | RuntimeException e) {
        out.get(REJECTED).output(KV.of(source, e.getMessage()));
      }
    }
  }
}
