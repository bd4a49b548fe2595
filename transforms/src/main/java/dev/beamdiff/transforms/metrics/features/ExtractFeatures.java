package dev.beamdiff.transforms.metrics.features;

import dev.beamdiff.transforms.metrics.FeatureBatch;
import dev.beamdiff.transforms.metrics.FeatureBatchCoder;
import dev.beamdiff.transforms.metrics.detector.DetectorSpec;
import dev.beamdiff.transforms.metrics.detector.FeatureDetector;
import dev.beamdiff.transforms.metrics.image.DecodedImage;
import dev.beamdiff.transforms.metrics.image.InputPreparation;
import dev.beamdiff.transforms.metrics.image.InputResizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Runs a feature detector over decoded images in batches: each DoFn instance opens its own detector
 * in {@code @Setup} (the model itself is shared per JVM), prepares images into a buffer of {@code
 * batchSize}, and emits one {@link FeatureBatch} per full buffer and at the end of each bundle.
 * Images that cannot be prepared (e.g. an unsupported resize) or give non-finite features go to
 * {@link #REJECTED}.
 */
public final class ExtractFeatures extends PTransform<PCollection<DecodedImage>, PCollectionTuple> {
  public static final TupleTag<FeatureBatch> FEATURES = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> REJECTED = new TupleTag<>() {};

  private final DetectorSpec detector;
  private final InputResizer resizer;
  private final int batchSize;

  public ExtractFeatures(DetectorSpec detector, InputResizer resizer, int batchSize) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.resizer = Objects.requireNonNull(resizer, "resizer");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size: expected at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  @Override
  public PCollectionTuple expand(PCollection<DecodedImage> images) {
    PCollectionTuple outputs =
        images.apply(
            ParDo.of(new ExtractFn(detector, resizer, batchSize))
                .withOutputTags(FEATURES, TupleTagList.of(REJECTED)));
    outputs.get(FEATURES).setCoder(FeatureBatchCoder.of());
    outputs.get(REJECTED).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return outputs;
  }

  static final class ExtractFn extends DoFn<DecodedImage, FeatureBatch> {
    private final DetectorSpec spec;
    private final InputResizer resizer;
    private final int batchSize;
    private final Counter images = Metrics.counter(ExtractFeatures.class, "images");
    private final Counter resized = Metrics.counter(ExtractFeatures.class, "resized");

    private transient FeatureDetector detector;
    private transient InputPreparation preparation;
    private transient float[] buffer;
    private transient List<String> sources;

    ExtractFn(DetectorSpec spec, InputResizer resizer, int batchSize) {
      this.spec = spec;
      this.resizer = resizer;
      this.batchSize = batchSize;
    }

    @Setup
    public void setup() {
      detector = spec.open();
      preparation = new InputPreparation(detector.input(), resizer);
      buffer = new float[batchSize * detector.input().size()];
      sources = new ArrayList<>(batchSize);
    }

    @StartBundle
    public void startBundle() {
      sources.clear();
    }

    @ProcessElement
    public void process(@Element DecodedImage image, MultiOutputReceiver out) {
      try {
        preparation.prepare(image, buffer, sources.size() * detector.input().size());
      } catch (RuntimeException e) {
        out.get(REJECTED).output(KV.of(image.source(), e.getMessage()));
        return;
      }
      images.inc();
      if (preparation.needsResize(image)) {
        resized.inc();
      }
      sources.add(image.source());
      if (sources.size() == batchSize) {
        flush(out.get(FEATURES)::output, out.get(REJECTED)::output);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      Instant min = BoundedWindow.TIMESTAMP_MIN_VALUE;
      flush(
          batch -> context.output(FEATURES, batch, min, GlobalWindow.INSTANCE),
          rejected -> context.output(REJECTED, rejected, min, GlobalWindow.INSTANCE));
    }

    private void flush(Consumer<FeatureBatch> features, Consumer<KV<String, String>> rejected) {
      int count = sources.size();
      if (count == 0) {
        return;
      }
      FeatureBatch batch = detector.extract(buffer, count);
      int d = batch.dimension();
      float[] values = batch.values();
      int kept = 0;
      for (int r = 0; r < count; r++) {
        if (finite(values, r * d, d)) {
          System.arraycopy(values, r * d, values, kept * d, d);
          kept++;
        } else {
          rejected.accept(KV.of(sources.get(r), "the detector returned non-finite features"));
        }
      }
      sources.clear();
      if (kept > 0) {
        float[] rows = kept == count ? values : Arrays.copyOf(values, kept * d);
        features.accept(new FeatureBatch(kept, d, rows));
      }
    }

    private static boolean finite(float[] values, int from, int length) {
      for (int i = from; i < from + length; i++) {
        if (!Float.isFinite(values[i])) {
          return false;
        }
      }
      return true;
    }

    @Teardown
    public void teardown() {
      if (detector != null) {
        detector.close();
        detector = null;
      }
    }
  }
}
