package dev.beamdiff.nn.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.nn.NpzFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class UNetConfigTest {

  @Test
  void namedConfigurationsAreTheIssueSpecification() {
    UNetConfig fmnist = UNetConfig.named("fmnist-small");
    assertThat(fmnist).isSameAs(UNetConfig.FMNIST_SMALL);
    assertThat(fmnist.imageSize()).isEqualTo(28);
    assertThat(fmnist.inChannels()).isEqualTo(1);
    assertThat(fmnist.baseChannels()).isEqualTo(32);
    assertThat(fmnist.channelMultipliers()).containsExactly(1, 2, 2);
    assertThat(fmnist.resBlocksPerLevel()).isEqualTo(2);
    assertThat(fmnist.attentionResolutions()).containsExactly(7);
    assertThat(fmnist.hasAttention(2)).isTrue();
    assertThat(fmnist.hasAttention(0) || fmnist.hasAttention(1)).isFalse();
    assertThat(fmnist.normGroups()).isEqualTo(8);
    assertThat(fmnist.attentionHeads()).isEqualTo(4);
    assertThat(fmnist.noiseEmbeddingDim()).isEqualTo(64);
    assertThat(fmnist.timeEmbeddingDim()).isEqualTo(256);

    UNetConfig cifar = UNetConfig.named("cifar-ddpm");
    assertThat(cifar.imageSize()).isEqualTo(32);
    assertThat(cifar.inChannels()).isEqualTo(3);
    assertThat(cifar.baseChannels()).isEqualTo(128);
    assertThat(cifar.channelMultipliers()).containsExactly(1, 2, 2, 2);
    assertThat(cifar.attentionResolutions()).containsExactly(16);
    assertThat(cifar.hasAttention(1)).isTrue();
    assertThat(cifar.isClassConditional()).isFalse();
    assertThat(UNetConfig.names()).containsExactly("cifar-ddpm", "fmnist-small");
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> UNetConfig.named("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'imagenet'")
        .hasMessageContaining("cifar-ddpm")
        .hasMessageContaining("fmnist-small");
  }

  @Test
  void jsonRoundTrips() {
    for (UNetConfig config : List.of(UNetConfig.FMNIST_SMALL, UNetConfig.CIFAR_DDPM)) {
      assertThat(UNetConfig.fromJson(config.toJson())).isEqualTo(config);
    }
    assertThat(UNetConfig.FMNIST_SMALL.toJson()).contains("\"channelMultipliers\"");
  }

  @Test
  void readsTheFixtureConfigurationWrittenByPython() {
    UNetConfig tiny = UNetConfig.fromJson(NpzFixture.text("fixtures/nn/tiny_unet.json"));
    assertThat(tiny.imageSize()).isEqualTo(8);
    assertThat(tiny.channelMultipliers()).containsExactly(1, 2, 2);
    assertThat(tiny.numClasses()).isEqualTo(3);
    assertThat(tiny.normEpsilon()).isEqualTo(1e-5f);
  }

  @Test
  void invalidValuesAreRejectedWithTheirName() {
    UNetConfig c = UNetConfig.FMNIST_SMALL;
    assertThatThrownBy(() -> withImageSize(c, 30))
        .hasMessageContaining("imageSize 30")
        .hasMessageContaining("divisible by 2^(levels-1) = 4");
    assertThatThrownBy(
            () ->
                new UNetConfig(
                    28, 1, 1, 32, List.of(1, 2, 2), 2, List.of(8), 4, 8, 1e-5f, 64, 256, 0.1f, 0))
        .hasMessageContaining("attention resolution 8 matches no level; levels are [28, 14, 7]");
    assertThatThrownBy(
            () ->
                new UNetConfig(
                    28, 1, 1, 30, List.of(1, 2, 2), 2, List.of(7), 4, 8, 1e-5f, 64, 256, 0.1f, 0))
        .hasMessageContaining("level 0 has 30 channels");
    assertThatThrownBy(
            () ->
                new UNetConfig(
                    28, 1, 1, 32, List.of(1, 2, 2), 2, List.of(7), 4, 8, 1e-5f, 63, 256, 0.1f, 0))
        .hasMessageContaining("noiseEmbeddingDim must be even");
    assertThatThrownBy(
            () ->
                new UNetConfig(
                    28, 1, 1, 32, List.of(1, 2, 2), 2, List.of(7), 4, 8, 1e-5f, 64, 256, 1f, 0))
        .hasMessageContaining("dropout must be in [0, 1)");
    assertThatThrownBy(() -> c.withNumClasses(-1)).hasMessageContaining("numClasses");
    assertThatThrownBy(
            () ->
                new UNetConfig(28, 1, 1, 32, List.of(), 2, List.of(), 4, 8, 1e-5f, 64, 256, 0f, 0))
        .hasMessageContaining("channelMultipliers");
    assertThatThrownBy(() -> UNetConfig.fromJson("{\"imageSize\": 28}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be >= 1, got 0");
    assertThatThrownBy(() -> UNetConfig.fromJson("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed UNet configuration JSON");
  }

  private static UNetConfig withImageSize(UNetConfig c, int size) {
    return new UNetConfig(
        size,
        c.inChannels(),
        c.outChannels(),
        c.baseChannels(),
        c.channelMultipliers(),
        c.resBlocksPerLevel(),
        List.of(),
        c.attentionHeads(),
        c.normGroups(),
        c.normEpsilon(),
        c.noiseEmbeddingDim(),
        c.timeEmbeddingDim(),
        c.dropout(),
        c.numClasses());
  }
}
