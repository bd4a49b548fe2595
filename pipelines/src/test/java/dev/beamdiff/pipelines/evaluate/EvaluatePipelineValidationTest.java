package dev.beamdiff.pipelines.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options and inputs that are rejected before anything runs, with messages saying why. */
class EvaluatePipelineValidationTest {

  private static EvaluateOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(EvaluateOptions.class);
  }

  @Test
  void classifiesInputsByTheirForm(@TempDir Path folder) {
    assertThat(EvaluationInput.parse("--real", "gs://b/stats/train.npz").kind())
        .isEqualTo(EvaluationInput.Kind.STATISTICS);
    assertThat(EvaluationInput.parse("--real", "gs://b/shards/train-*.avro").kind())
        .isEqualTo(EvaluationInput.Kind.AVRO);
    EvaluationInput local = EvaluationInput.parse("--fake", folder.toString());
    assertThat(local.kind()).isEqualTo(EvaluationInput.Kind.IMAGES);
    assertThat(local.pattern()).isEqualTo(folder + "/*.png");
    assertThat(EvaluationInput.parse("--fake", "gs://b/samples/").pattern())
        .isEqualTo("gs://b/samples/*.png");
    assertThat(EvaluationInput.parse("--fake", "out/*.jpg").kind())
        .isEqualTo(EvaluationInput.Kind.IMAGES);
    assertThatThrownBy(() -> EvaluationInput.parse("--fake", "samples.tfrecord"))
        .hasMessageContaining("--fake: cannot tell what samples.tfrecord holds");
  }

  @Test
  void explainsOptionsThatCannotWork() {
    assertThatThrownBy(() -> EvaluatePipeline.build(Pipeline.create(), options("--real=a.avro")))
        .hasMessageContaining("give --fake");
    assertThatThrownBy(
            () ->
                EvaluatePipeline.build(
                    Pipeline.create(),
                    options("--real=a.avro", "--fake=b.avro", "--detector=inception")))
        .hasMessageContaining("inception-2015-12-05.pt");
    assertThatThrownBy(
            () ->
                EvaluatePipeline.build(
                    Pipeline.create(),
                    options("--real=a.avro", "--fake=b.avro", "--detector=clip")))
        .hasMessageContaining("unknown detector 'clip'");
    assertThatThrownBy(
            () ->
                EvaluatePipeline.build(
                    Pipeline.create(),
                    options("--real=a.avro", "--fake=b.avro", "--kidSubsetSize=1")))
        .hasMessageContaining("--kidSubsetSize");
  }

  @Test
  void namesTheRejectedFileAfterTheReport() {
    assertThat(EvaluatePipeline.rejectedFile("gs://b/eval/report.json"))
        .isEqualTo("gs://b/eval/report-rejected.txt");
  }
}
