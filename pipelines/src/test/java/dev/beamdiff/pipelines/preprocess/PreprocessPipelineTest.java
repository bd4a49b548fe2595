package dev.beamdiff.pipelines.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.transforms.avro.PixelEncoding;
import dev.beamdiff.transforms.image.Fit;
import dev.beamdiff.transforms.image.PillowResampler.Filter;
import dev.beamdiff.transforms.preprocess.PreprocessSettings;
import dev.beamdiff.transforms.preprocess.SourceFormat;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class PreprocessPipelineTest {

  private static PreprocessOptions options(String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "--input=/data/a/*.png, /data/b/*.png";
    args[1] = "--output=/tmp/out";
    System.arraycopy(extra, 0, args, 2, extra.length);
    PipelineOptionsFactory.register(PreprocessOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(PreprocessOptions.class);
  }

  @Test
  void defaultsBecomeSettings() {
    PreprocessSettings settings =
        PreprocessPipeline.settings(options("--runner=DirectRunner", "--targetParallelism=3"));
    assertThat(settings.inputs()).containsExactly("/data/a/*.png", "/data/b/*.png");
    assertThat(settings.fitter().size()).isEqualTo(32);
    assertThat(settings.fitter().fit()).isEqualTo(Fit.CROP);
    assertThat(settings.fitter().filter()).isEqualTo(Filter.BICUBIC);
    assertThat(settings.channels()).isEqualTo(3);
    assertThat(settings.format()).isEqualTo(SourceFormat.AUTO);
    assertThat(settings.encoding()).isEqualTo(PixelEncoding.RAW_UINT8_HWC);
    assertThat(settings.maxPixels()).isEqualTo(89_478_485L);
    assertThat(settings.spreadKeys()).isEqualTo(12);
  }

  @Test
  void valuesAreParsedIgnoringCase() {
    PreprocessSettings settings =
        PreprocessPipeline.settings(
            options("--fit=PAD", "--filter=Bilinear", "--encoding=png", "--inputFormat=cifar10"));
    assertThat(settings.fitter().fit()).isEqualTo(Fit.PAD);
    assertThat(settings.fitter().filter()).isEqualTo(Filter.BILINEAR);
    assertThat(settings.encoding()).isEqualTo(PixelEncoding.PNG);
    assertThat(settings.format()).isEqualTo(SourceFormat.CIFAR10);
  }

  @Test
  void badValuesAreReportedWithTheOptionName() {
    assertThatThrownBy(() -> PreprocessPipeline.settings(options("--fit=stretch")))
        .hasMessage("--fit: unknown fit 'stretch': expected one of [crop, pad, squash]");
    assertThatThrownBy(() -> PreprocessPipeline.settings(options("--encoding=jpeg")))
        .hasMessageStartingWith("--encoding: unknown pixel encoding 'jpeg'");
    assertThatThrownBy(() -> PreprocessPipeline.settings(options("--channels=4")))
        .hasMessage("invalid preprocess options: channels: expected 1 or 3, got 4");
    assertThatThrownBy(() -> PreprocessPipeline.settings(options("--size=0")))
        .hasMessageContaining("output size must be at least 1, got 0");
  }

  @Test
  void requiredOptionsAreEnforcedByBeam() {
    PipelineOptionsFactory.register(PreprocessOptions.class);
    assertThatThrownBy(
            () ->
                PipelineOptionsFactory.fromArgs("--output=/tmp/x")
                    .withValidation()
                    .as(PreprocessOptions.class))
        .hasMessageContaining("--input");
  }
}
