package dev.beamdiff.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockParametersTest {
  @Test
  void canonicalNamesDropOrdinalsAndUseDots() {
    assertThat(BlockParameters.canonicalName("05down0Res1_02conv1_weight"))
        .isEqualTo("down0Res1.conv1.weight");
    assertThat(BlockParameters.canonicalName("01noiseEmbedding_01dense1_bias"))
        .isEqualTo("noiseEmbedding.dense1.bias");
    assertThat(BlockParameters.canonicalName("gamma")).isEqualTo("gamma");
    assertThat(BlockParameters.canonicalName("112up0Res2_04norm2_beta"))
        .isEqualTo("up0Res2.norm2.beta");
  }
}
