package dev.beamdiff.diffusion.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.prediction.DataPrediction;
import dev.beamdiff.diffusion.prediction.EdmPreconditioning;
import dev.beamdiff.diffusion.prediction.EpsilonPrediction;
import dev.beamdiff.diffusion.prediction.VelocityPrediction;
import dev.beamdiff.diffusion.schedule.DiscreteSchedule;
import org.junit.jupiter.api.Test;

class LossWeightingTest {
  private static final DiscreteSchedule LINEAR = DiscreteSchedule.linear();

  @Test
  void snrWeightingIsPlainEpsilonMse() {
    SnrWeighting snr = new SnrWeighting();
    EpsilonPrediction eps = new EpsilonPrediction();
    DataPrediction x0 = new DataPrediction();
    for (int t : new int[] {0, 10, 500, 999}) {
      NoiseLevel level = LINEAR.level(t);
      assertThat(snr.weight(level, eps.coefficients(level))).isCloseTo(1, within(1e-12));
      assertThat(snr.weight(level, x0.coefficients(level)))
          .isCloseTo(level.snr(), within(1e-9 * level.snr()));
    }
  }

  /** diffusers' train_text_to_image: min(SNR, γ)/SNR for ε, min(SNR, γ)/(SNR + 1) for v. */
  @Test
  void minSnrMatchesHangEtAlForEpsilonAndVelocity() {
    MinSnrWeighting minSnr = new MinSnrWeighting(5);
    for (int t : new int[] {0, 50, 200, 500, 999}) {
      NoiseLevel level = LINEAR.level(t);
      double snr = level.snr();
      assertThat(minSnr.weight(level, new EpsilonPrediction().coefficients(level)))
          .isCloseTo(Math.min(snr, 5) / snr, within(1e-12));
      assertThat(minSnr.weight(level, new VelocityPrediction().coefficients(level)))
          .isCloseTo(Math.min(snr, 5) / (snr + 1), within(1e-12));
      assertThat(minSnr.weight(level, new DataPrediction().coefficients(level)))
          .isCloseTo(Math.min(snr, 5), within(1e-12));
    }
    assertThat(minSnr.name()).isEqualTo("min-snr-5");
  }

  @Test
  void edmWeightIsOneUnderEdmPreconditioning() {
    EdmWeighting weighting = new EdmWeighting(0.5);
    EdmPreconditioning edm = new EdmPreconditioning();
    for (double sigma : new double[] {0.002, 0.5, 3, 80}) {
      NoiseLevel level = new NoiseLevel(sigma, 1, sigma);
      assertThat(weighting.lambda(level))
          .isCloseTo((sigma * sigma + 0.25) / (sigma * sigma * 0.25), within(1e-9 / sigma / sigma));
      assertThat(weighting.weight(level, edm.coefficients(level))).isCloseTo(1, within(1e-12));
    }
    // Finite even at pure noise (zero-terminal-SNR with v): λ = 1/σ_d².
    NoiseLevel pure = new NoiseLevel(999, 0, 1);
    assertThat(weighting.weight(pure, new VelocityPrediction().coefficients(pure)))
        .isCloseTo(4, within(1e-12));
  }

  @Test
  void namesResolveAndBadNamesAreExplained() {
    assertThat(LossWeightings.byName("uniform")).isInstanceOf(UniformWeighting.class);
    assertThat(((MinSnrWeighting) LossWeightings.byName("min-snr-2.5")).gamma()).isEqualTo(2.5);
    assertThat(((MinSnrWeighting) LossWeightings.byName("min-snr")).gamma()).isEqualTo(5);
    assertThatThrownBy(() -> LossWeightings.byName("min-snr-x")).hasMessageContaining("min-snr-5");
    assertThatThrownBy(() -> LossWeightings.byName("p2")).hasMessageContaining("uniform, snr");
    assertThatThrownBy(() -> new MinSnrWeighting(0)).hasMessageContaining("gamma");
  }
}
