package dev.beamdiff.transforms.generate;

import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.GenerationRequest;
import dev.beamdiff.generate.ImageGenerator;
import dev.beamdiff.nn.InferenceMode;
import dev.beamdiff.transforms.avro.ImageRecord;
import dev.beamdiff.transforms.avro.ImageRecords;
import dev.beamdiff.transforms.metrics.detector.SharedResource;
import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Samples each {@link IndexRange} as one batch and outputs one {@link ImageRecord} per image (id =
 * the index, label = its class, pixels raw HWC bytes). The model is loaded once per JVM and {@link
 * ModelSource#key()} ({@link SharedResource}: acquired in {@code @Setup}, closed at the last
 * {@code @Teardown}); each DoFn instance, i.e. each worker thread, has its own {@link
 * ImageGenerator}, since generators are not thread-safe. Loading and sampling run in {@link
 * InferenceMode}, as worker threads start with PyTorch's autograd on. The output for a range
 * depends on the range alone, so a retried bundle produces identical images.
 */
public final class GenerateImagesFn extends DoFn<IndexRange, ImageRecord> {
  private static final long serialVersionUID = 1L;

  private final ModelSource source;
  private final GenerationPlan plan;
  private final Counter generated =
      Metrics.counter(GenerateMetrics.NAMESPACE, GenerateMetrics.GENERATED);

  private transient SharedResource.Lease<DiffusionModel> model;
  private transient ImageGenerator generator;

  public GenerateImagesFn(ModelSource source, GenerationPlan plan) {
    this.source = Objects.requireNonNull(source, "source");
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /** The {@link SharedResource} key of the model of {@code source}. */
  public static String sharedKey(ModelSource source) {
    return "diffusion-model:" + source.key();
  }

  @Setup
  public void setup() {
    try (InferenceMode inference = InferenceMode.enter()) {
      model = SharedResource.acquire(sharedKey(source), () -> warmedUp(source.open()));
    }
    generator = new ImageGenerator(model.get());
  }

  @ProcessElement
  public void process(@Element IndexRange range, OutputReceiver<ImageRecord> out) {
    GenerationRequest request = plan.request(range);
    DiffusionModel m = model.get();
    float[] images;
    // Threads sample concurrently on the shared weights: forward passes only read them, and the
    // parameter store was filled before any thread got the model (warmedUp).
    try (InferenceMode inference = InferenceMode.enter()) {
      images = generator.generate(request);
    }
    int channels = m.spec().unet().inChannels();
    int size = m.spec().unet().imageSize();
    for (int i = 0; i < range.size(); i++) {
      long index = range.start() + i;
      int label = plan.classes().label(index);
      out.output(
          ImageRecords.raw(
              Long.toString(index),
              source.key() + "#" + index,
              label,
              plan.classes().className(label),
              GeneratedPixels.image(images, i, channels, size)));
    }
    generated.inc(range.size());
  }

  @Teardown
  public void teardown() {
    generator = null;
    if (model != null) {
      model.close();
      model = null;
    }
  }

  /**
   * {@code model} after one network call on a single thread: the parameter store fills its cache on
   * first use, which must not race between the threads that share the model.
   */
  private static DiffusionModel warmedUp(DiffusionModel model) {
    try {
      new ImageGenerator(model)
          // Two images: libtorch sends a batch of one small image past oneDNN to NNPACK, which
          // cannot start on this hardware and logs a warning per convolution.
          .generate(new GenerationRequest("euler", 1, null, 2, null, 1, 0, 0, 2));
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }
}
