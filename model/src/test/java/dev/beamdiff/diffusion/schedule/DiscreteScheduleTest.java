package dev.beamdiff.diffusion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import dev.beamdiff.diffusion.Fixtures;
import dev.beamdiff.diffusion.NoiseLevel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscreteScheduleTest {

  @Test
  void linearScheduleMatchesDdpmPublishedTerminalAlphaBar() {
    DiscreteSchedule linear = DiscreteSchedule.linear();
    // Ho et al. 2020: β from 1e-4 to 0.02 over T = 1000 leaves ᾱ_999 ≈ 4.04e-5.
    assertThat(linear.alphaBar(999)).isCloseTo(4.036e-5, within(0.005e-5));
    assertThat(linear.beta(0)).isCloseTo(1e-4, within(1e-15));
    assertThat(linear.beta(999)).isCloseTo(0.02, within(1e-13));
    assertThat(linear.timesteps()).isEqualTo(1000);
  }

  @Test
  void linearScalesBetasWithTheNumberOfTimesteps() {
    DiscreteSchedule half = DiscreteSchedule.linear(500, 1e-4, 0.02);
    assertThat(half.beta(0)).isCloseTo(2e-4, within(1e-15));
    assertThat(half.beta(499)).isCloseTo(0.04, within(1e-13));
  }

  @Test
  void cosineFollowsNicholDhariwalWithClippedBeta() {
    DiscreteSchedule cosine = DiscreteSchedule.cosine();
    double s = 0.008;
    double f0 = Math.pow(Math.cos(s / (1 + s) * Math.PI / 2), 2);
    for (int t : new int[] {0, 10, 500, 900}) {
      double u = (t + 1) / 1000.0;
      double expected = Math.pow(Math.cos((u + s) / (1 + s) * Math.PI / 2), 2) / f0;
      assertThat(cosine.alphaBar(t)).isCloseTo(expected, within(1e-12));
    }
    // The last β would be 1 (ᾱ(1) = 0) and is clipped at 0.999, so α stays > 0.
    assertThat(cosine.beta(999)).isCloseTo(0.999, within(1e-12));
    assertThat(cosine.alphaBar(999)).isGreaterThan(0);
  }

  @Test
  void expScheduleHasConstantBeta() {
    DiscreteSchedule exp = DiscreteSchedule.exp();
    double beta = 1 - Math.exp(-12.0 / 1000);
    for (int t : new int[] {0, 1, 500, 999}) {
      assertThat(exp.beta(t)).isCloseTo(beta, within(1e-12));
    }
    assertThat(exp.alphaBar(999)).isCloseTo(Math.exp(-12), within(1e-12));
  }

  @Test
  void zeroTerminalSnrMatchesLinEtAlAlgorithmOne() {
    JsonObject fixture = Fixtures.json("zero-terminal-snr-linear.json");
    double[] times = Fixtures.doubles(fixture.getAsJsonArray("t"));
    double[] expected = Fixtures.doubles(fixture.getAsJsonArray("alphaBar"));
    DiscreteSchedule rescaled = DiscreteSchedule.linear().withZeroTerminalSnr();
    for (int i = 0; i < times.length; i++) {
      assertThat(rescaled.alphaBar((int) times[i]))
          .as("ᾱ at t = %s", times[i])
          .isCloseTo(expected[i], within(1e-14));
    }
    assertThat(rescaled.alphaBar(999)).isZero();
    assertThat(rescaled.alphaBar(0)).isEqualTo(DiscreteSchedule.linear().alphaBar(0));
    NoiseLevel end = rescaled.level(999);
    assertThat(end.isPureNoise()).isTrue();
    assertThat(end.sigma()).isEqualTo(1);
    assertThat(end.veSigma()).isInfinite();
    assertThat(end.snr()).isZero();
    assertThat(end.logSnr()).isInfinite().isNegative();
  }

  @Test
  void fractionalTimesInterpolateAlphaBarAndInvertExactly() {
    DiscreteSchedule linear = DiscreteSchedule.linear();
    NoiseLevel mid = linear.level(10.25);
    double expected = 0.75 * linear.alphaBar(10) + 0.25 * linear.alphaBar(11);
    assertThat(mid.alpha() * mid.alpha()).isCloseTo(expected, within(1e-15));
    for (double t : new double[] {0, 0.5, 1, 17.3, 500, 998.75, 999}) {
      assertThat(linear.timeAtVeSigma(linear.veSigma(t))).isCloseTo(t, within(1e-9));
    }
    DiscreteSchedule zsnr = linear.withZeroTerminalSnr();
    assertThat(zsnr.timeAtVeSigma(Double.POSITIVE_INFINITY)).isEqualTo(999);
    assertThat(zsnr.timeAtVeSigma(zsnr.veSigma(998.5))).isCloseTo(998.5, within(1e-9));
  }

  @Test
  void timeAtVeSigmaClampsOutsideTheTable() {
    DiscreteSchedule linear = DiscreteSchedule.linear();
    assertThat(linear.timeAtVeSigma(0)).isZero();
    assertThat(linear.timeAtVeSigma(1e6)).isEqualTo(999);
    NoiseLevel beyond = linear.levelAtVeSigma(1e6);
    assertThat(beyond.veSigma()).isCloseTo(1e6, within(1e-3));
    assertThat(beyond.time()).isEqualTo(999);
  }

  @Test
  void trainingTimesAreUniformIntegers() {
    DiscreteSchedule linear = DiscreteSchedule.linear(10, 1e-6, 2e-4);
    int[] counts = new int[10];
    double[] times = linear.sampleTrainingTimes(new SplittableRandom(3), 20_000);
    for (double t : times) {
      assertThat(t).isEqualTo(Math.rint(t));
      counts[(int) t]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(1800, 2200);
    }
    assertThat(linear.noiseConditioning(linear.level(7))).isEqualTo(7);
  }

  @Test
  void rejectsInvalidTables() {
    assertThatThrownBy(() -> new DiscreteSchedule("x", new double[] {0.9, 0.95}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly decreasing");
    assertThatThrownBy(() -> new DiscreteSchedule("x", new double[] {0.9, 0, 0}))
        .hasMessageContaining("alphaBar[1]");
    assertThatThrownBy(() -> DiscreteSchedule.fromBetas("x", new double[] {0.1, 0}))
        .hasMessageContaining("betas[1]");
    assertThatThrownBy(() -> DiscreteSchedule.linear(10, 1e-4, 0.02))
        .hasMessageContaining("β_end·1000/T < 1");
    assertThatThrownBy(() -> DiscreteSchedule.linear().level(Double.NaN))
        .hasMessageContaining("NaN");
  }
}
