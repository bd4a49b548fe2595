package dev.beamdiff.transforms.preprocess;

import dev.beamdiff.transforms.avro.DeadLetter;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.image.ChannelConversion;
import dev.beamdiff.transforms.image.ImageFitter;
import dev.beamdiff.transforms.image.UInt8Image;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One per-image step of preprocessing: a function from record to record whose failures become
 * {@link DeadLetter}s naming the step, instead of failing the pipeline.
 */
public final class ImageStep
    extends PTransform<
        PCollection<ImageRecord>, WithFailures.Result<PCollection<ImageRecord>, DeadLetter>> {
  private static final long serialVersionUID = 1L;

  private final String stage;
  private final SerializableFunction<ImageRecord, ImageRecord> fn;

  private ImageStep(String stage, SerializableFunction<ImageRecord, ImageRecord> fn) {
    super(stage);
    this.stage = stage;
    this.fn = fn;
  }

  /**
   * Checks each record: a known schema version, a size of at least 1×1 and at most {@code
   * maxPixels} pixels, 1 or 3 channels, and pixels that match them.
   */
  public static ImageStep validate(long maxPixels) {
    return new ImageStep(
        "validate",
        record -> {
          UInt8Image image = ImageRecords.image(record);
          if (image.pixelCount() > maxPixels) {
            throw new IllegalArgumentException(
                String.format(
                    "image of %d×%d = %d pixels exceeds the limit of %d pixels (--maxPixels)",
                    image.width(), image.height(), image.pixelCount(), maxPixels));
          }
          return record;
        });
  }

  /** Converts to 1 (gray) or 3 (RGB) channels, with Pillow's rules ({@link ChannelConversion}). */
  public static ImageStep convertChannels(int channels) {
    return new ImageStep(
        "convert",
        record ->
            record.getChannels() == channels
                ? record
                : ImageRecords.withImage(
                    record, ChannelConversion.toChannels(ImageRecords.image(record), channels)));
  }

  /** Fits every image to a square with {@code fitter}. */
  public static ImageStep resize(ImageFitter fitter) {
    return new ImageStep(
        "resize",
        record -> ImageRecords.withImage(record, fitter.apply(ImageRecords.image(record))));
  }

  /** Stores the pixels in {@code encoding}, counting each image as {@code images.encoded}. */
  public static ImageStep encode(PixelEncoding encoding) {
    return new ImageStep(
        "encode",
        record -> {
          ImageRecord encoded = ImageRecords.encoded(record, encoding);
          PreprocessMetrics.counter(PreprocessMetrics.IMAGES_ENCODED).inc();
          return encoded;
        });
  }

  /** The step's function on one record, for running the same work outside a pipeline. */
  SerializableFunction<ImageRecord, ImageRecord> function() {
    return fn;
  }

  @Override
  public WithFailures.Result<PCollection<ImageRecord>, DeadLetter> expand(
      PCollection<ImageRecord> records) {
    WithFailures.Result<PCollection<ImageRecord>, DeadLetter> result =
        records.apply(
            MapElements.into(TypeDescriptor.of(ImageRecord.class))
                .via(fn)
                .exceptionsInto(TypeDescriptor.of(DeadLetter.class))
                .exceptionsVia(DeadLetters.forRecords(stage)));
    result.output().setCoder(ImageRecords.coder());
    result.failures().setCoder(DeadLetters.coder());
    return result;
  }
}
