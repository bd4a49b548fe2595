package dev.beamdiff.pipelines.generate;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the batch-generation pipeline ({@code beamdiff generate}, the {@code generate} Flex
 * Template). Image i depends only on (checkpoint, sampler, steps, guidance, class of i, seed, i),
 * never on the batch size, the runner or the number of workers.
 */
public interface GenerateOptions extends PipelineOptions {

  @Description(
      "Checkpoint: a training run's folder (beamdiff train --out), its checkpoints folder (the"
          + " latest checkpoint is used) or a .ckpt file; local or gs://. The EMA weights are used.")
  @Validation.Required
  String getCheckpoint();

  void setCheckpoint(String value);

  @Description("Number of images: indices 0 … N−1.")
  @Validation.Required
  int getN();

  void setN(int value);

  @Description("Sampler, e.g. heun, euler, ddim, dpmpp-2m (its usual step spacing is used).")
  @Default.String("heun")
  String getSampler();

  void setSampler(String value);

  @Description("Sampler steps.")
  @Default.Integer(18)
  int getSteps();

  void setSteps(int value);

  @Description(
      "Classifier-free guidance scale g (1: the conditional model alone; must be 1 for an"
          + " unconditional model).")
  @Default.Double(1.0)
  double getGuidance();

  void setGuidance(double value);

  @Description(
      "Classes to draw, comma-separated indices or names; image i gets the (i mod m)-th of the m"
          + " listed. Empty: image i gets class i mod K (all K classes in turn), or none for an"
          + " unconditional model.")
  @Default.String("")
  String getClasses();

  void setClasses(String value);

  @Description("Seed: image i's noise depends on (seed, i) only.")
  @Default.Long(0)
  long getSeed();

  void setSeed(long value);

  @Description(
      "Output folder (local or gs://): img-<index>.png files, avro/images-*.avro, generation.json.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("What to write: png, avro or png,avro.")
  @Default.String("png")
  String getFormat();

  void setFormat(String value);

  @Description("Images per network batch (one unit of work).")
  @Default.Integer(64)
  int getBatchSize();

  void setBatchSize(int value);
}
