package dev.beamdiff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.pipelines.evaluate.EvaluateOptions;
import dev.beamdiff.pipelines.generate.GenerateOptions;
import dev.beamdiff.pipelines.preprocess.PreprocessOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * Beam keeps one registry of option interfaces per JVM and refuses a property that two of them
 * declare with different defaults. The quickstart runs preprocess, generate and evaluate in one
 * JVM, so every pipeline's options must parse with all three registered.
 */
class PipelineOptionsCompatibilityTest {

  @Test
  void everyPipelinesOptionsParseWithTheOthersRegistered() {
    PipelineOptionsFactory.register(PreprocessOptions.class);
    PipelineOptionsFactory.register(GenerateOptions.class);
    PipelineOptionsFactory.register(EvaluateOptions.class);

    PreprocessOptions preprocess =
        PipelineOptionsFactory.fromArgs("--input=a", "--output=b", "--inputFormat=idx")
            .as(PreprocessOptions.class);
    GenerateOptions generate =
        PipelineOptionsFactory.fromArgs("--checkpoint=c", "--n=3", "--output=d", "--format=avro")
            .as(GenerateOptions.class);
    EvaluateOptions evaluate =
        PipelineOptionsFactory.fromArgs("--real=e", "--batchSize=8").as(EvaluateOptions.class);

    assertThat(preprocess.getInputFormat()).isEqualTo("idx");
    assertThat(generate.getFormat()).isEqualTo("avro");
    assertThat(generate.getBatchSize()).isEqualTo(64);
    assertThat(evaluate.getBatchSize()).isEqualTo(8);
  }
}
