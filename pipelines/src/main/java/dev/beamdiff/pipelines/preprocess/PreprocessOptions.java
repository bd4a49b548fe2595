package dev.beamdiff.pipelines.preprocess;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the preprocessing pipeline. The same interface serves {@code beamdiff preprocess}, the
 * Dataflow Flex Template ({@code templates/preprocess/metadata.json}, checked against it by a test)
 * and {@link PreprocessPipeline#main}; runner options ({@code --runner}, {@code --project}, ...)
 * come from Beam's own interfaces.
 */
public interface PreprocessOptions extends PipelineOptions {

  @Description(
      "Input files, local or gs://: IDX image files (MNIST, Fashion-MNIST; labels from the"
          + " *-labels-idx1-ubyte file beside them), CIFAR-10 binary batches (*.bin) or image"
          + " files (PNG, JPEG, BMP, GIF, TIFF). A path or glob; several separated by commas.")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description(
      "Output folder, local or gs://. Receives images-SSSSS-of-NNNNN.avro, dead-letters.jsonl"
          + " and, when everything is written, manifest.json.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Side of the square output images, in pixels.")
  @Default.Integer(32)
  int getSize();

  void setSize(int value);

  @Description("Output channels: 1 (gray, Pillow's ITU-R BT.601 luma) or 3 (RGB).")
  @Default.Integer(3)
  int getChannels();

  void setChannels(int value);

  @Description(
      "How images become square: crop (centre square, then resize), pad (shrink to fit,"
          + " never enlarge, then centre on a canvas of --padValue) or squash (resize, ignoring"
          + " the aspect ratio).")
  @Default.String("crop")
  String getFit();

  void setFit(String value);

  @Description(
      "Resampling filter, antialiased and pixel-exact as Pillow's Image.resize: bicubic or"
          + " bilinear.")
  @Default.String("bicubic")
  String getFilter();

  void setFilter(String value);

  @Description("Gray level of the padding for --fit=pad, 0 to 255.")
  @Default.Integer(0)
  int getPadValue();

  void setPadValue(int value);

  @Description(
      "Input format: auto (per file name: *idx3-ubyte* is IDX, *.bin is CIFAR-10, anything else"
          + " an image file), idx, cifar10 or image.")
  @Default.String("auto")
  String getInputFormat();

  void setInputFormat(String value);

  @Description(
      "Label image files by their folder (root/<class>/<image>): classes are the sorted folder"
          + " names.")
  @Default.Boolean(false)
  boolean getLabelFromFolder();

  void setLabelFromFolder(boolean value);

  @Description(
      "How records store pixels: raw (height×width×channels bytes) or png (lossless, smaller,"
          + " slower).")
  @Default.String("raw")
  String getEncoding();

  void setEncoding(String value);

  @Description("Number of output shards; 0 lets the runner choose.")
  @Default.Integer(0)
  int getShards();

  void setShards(int value);

  @Description(
      "Largest accepted image in pixels (width×height); larger ones go to the dead letters as"
          + " possible decompression bombs. The default is Pillow's limit.")
  @Default.Long(89_478_485L)
  long getMaxPixels();

  void setMaxPixels(long value);
}
