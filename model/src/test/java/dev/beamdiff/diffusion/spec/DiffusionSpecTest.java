package dev.beamdiff.diffusion.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DiffusionSpecTest {

  @Test
  void defaultsPairEachScheduleSensibly() {
    assertThat(DiffusionSpec.parse("linear", null, null).toString())
        .isEqualTo("linear/eps/uniform");
    assertThat(DiffusionSpec.parse("cosine", null, null).toString())
        .isEqualTo("cosine/eps/uniform");
    assertThat(DiffusionSpec.parse("linear-zsnr", null, null).toString())
        .isEqualTo("linear-zsnr/v/uniform");
    assertThat(DiffusionSpec.parse("cosine-continuous", null, null).toString())
        .isEqualTo("cosine-continuous/v/uniform");
    assertThat(DiffusionSpec.parse("edm", null, null).toString()).isEqualTo("edm/edm/edm");
    assertThat(DiffusionSpec.parse("karras", null, null).toString()).isEqualTo("karras/edm/edm");
  }

  @Test
  void explicitChoicesAreKept() {
    assertThat(DiffusionSpec.parse("cosine", "v", "min-snr").toString())
        .isEqualTo("cosine/v/min-snr-5");
    assertThat(DiffusionSpec.parse("edm", "eps", "snr").toString()).isEqualTo("edm/eps/snr");
  }

  @Test
  void epsilonWithPureNoiseEndIsRejectedWithAnExplanation() {
    for (String schedule : new String[] {"linear-zsnr", "cosine-continuous", "sqrt"}) {
      assertThatThrownBy(() -> DiffusionSpec.parse(schedule, "eps", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'eps'")
          .hasMessageContaining("'" + schedule + "'")
          .hasMessageContaining("α = 0")
          .hasMessageContaining("--prediction v or x0");
    }
  }

  @Test
  void unknownNamesAreErrors() {
    assertThatThrownBy(() -> DiffusionSpec.parse("nope", null, null))
        .hasMessageContaining("schedule: unknown name 'nope'");
    assertThatThrownBy(() -> DiffusionSpec.parse("linear", "score", null))
        .hasMessageContaining("prediction: unknown name 'score'");
    assertThatThrownBy(() -> DiffusionSpec.parse("linear", "eps", "p2"))
        .hasMessageContaining("weighting: unknown name 'p2'");
  }
}
