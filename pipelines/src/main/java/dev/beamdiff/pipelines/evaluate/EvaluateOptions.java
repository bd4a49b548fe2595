package dev.beamdiff.pipelines.evaluate;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the evaluation pipeline ({@code beamdiff evaluate}, the {@code evaluate} Flex
 * Template). Inputs: Avro image shards ({@code *.avro} patterns), image files (a folder, meaning
 * its {@code *.png}, or a glob) or saved statistics ({@code .npz}); local paths or {@code gs://}.
 */
public interface EvaluateOptions extends PipelineOptions {

  @Description(
      "Reference (real) images: Avro shards (a *.avro path or glob), an image folder (its *.png) or"
          + " glob, or saved statistics (.npz, BeamDiff's or clean-fid's).")
  @Validation.Required
  String getReal();

  void setReal(String value);

  @Description(
      "Images to evaluate (generated), in the same forms as --real. May be left out when"
          + " --saveStats is given: then only the real side's statistics are computed.")
  String getFake();

  void setFake(String value);

  @Description(
      "Feature detector: inception (FID, 2048-d) or fmnist (in-domain FD on 28×28, 128-d).")
  @Default.String("fmnist")
  String getDetector();

  void setDetector(String value);

  @Description(
      "Detector weights. inception: the TorchScript inception-2015-12-05.pt (required). fmnist: the"
          + " checkpoint folder written by `beamdiff train-classifier` (default: the cache).")
  @Default.String("")
  String getDetectorModel();

  void setDetectorModel(String value);

  @Description(
      "Write the real side's statistics (mean, covariance, N and the KID sample) to this .npz file.")
  String getSaveStats();

  void setSaveStats(String value);

  @Description("Write the fake side's statistics to this .npz file.")
  String getSaveFakeStats();

  void setSaveFakeStats(String value);

  @Description(
      "Where to write the JSON report; rejected inputs go next to it (<report>-rejected.txt).")
  @Default.String("evaluation.json")
  String getReport();

  void setReport(String value);

  @Description("Images per detector call.")
  @Default.Integer(64)
  int getBatchSize();

  void setBatchSize(int value);

  @Description("KID: number of random subsets (clean-fid: 100).")
  @Default.Integer(100)
  int getKidSubsets();

  void setKidSubsets(int value);

  @Description("KID: largest subset drawn from each side (clean-fid: 1000).")
  @Default.Integer(1000)
  int getKidSubsetSize();

  void setKidSubsetSize(int value);

  @Description(
      "KID: feature vectors kept per side (a seeded uniform sample) to draw subsets from; 0 turns"
          + " KID off.")
  @Default.Integer(10000)
  int getKidSampleSize();

  void setKidSampleSize(int value);

  @Description("Seed of the KID sample and subsets.")
  @Default.Long(0)
  long getSeed();

  void setSeed(long value);

  @Description(
      "Fan-out of the statistics combine: intermediate merges before the final one (32 MiB"
          + " accumulators at 2048 dimensions).")
  @Default.Integer(8)
  int getStatisticsFanout();

  void setStatisticsFanout(int value);
}
