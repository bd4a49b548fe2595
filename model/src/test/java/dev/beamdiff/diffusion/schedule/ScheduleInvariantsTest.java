package dev.beamdiff.diffusion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.diffusion.NoiseLevel;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every named schedule must have. */
class ScheduleInvariantsTest {

  static Iterable<String> names() {
    return NoiseSchedules.names();
  }

  @ParameterizedTest
  @MethodSource("names")
  void timeToSigmaToTimeRoundTrips(String name) {
    NoiseSchedule schedule = NoiseSchedules.byName(name);
    double lo = schedule.minTime();
    double hi = schedule.maxTime();
    for (int i = 0; i <= 20; i++) {
      double t = lo + (hi - lo) * i / 20;
      double sigma = schedule.veSigma(t);
      if (Double.isInfinite(sigma)) {
        assertThat(schedule.timeAtVeSigma(sigma)).isEqualTo(hi);
        continue;
      }
      assertThat(schedule.timeAtVeSigma(sigma))
          .as("%s: t → σ̃ → t at t = %s", name, t)
          .isCloseTo(t, within(1e-9 * Math.max(1, hi)));
      NoiseLevel level = schedule.levelAtVeSigma(sigma);
      assertThat(level.veSigma()).isCloseTo(sigma, within(1e-12 * Math.max(1, sigma)));
      assertThat(level.alpha()).isCloseTo(schedule.alpha(t), within(1e-12));
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void noiseGrowsWithTimeAndEndsAreFinite(String name) {
    NoiseSchedule schedule = NoiseSchedules.byName(name);
    double previous = -1;
    double lo = schedule.minTime();
    double hi = schedule.maxTime();
    for (int i = 0; i <= 100; i++) {
      NoiseLevel level = schedule.level(lo + (hi - lo) * i / 100);
      assertThat(level.veSigma()).isGreaterThan(previous);
      previous = level.veSigma();
      assertThat(Double.isNaN(level.logSnr())).isFalse();
      assertThat(Double.isNaN(level.snr())).isFalse();
      boolean varianceExploding = level.alpha() == 1;
      if (!varianceExploding) {
        assertThat(level.alpha() * level.alpha() + level.sigma() * level.sigma())
            .isCloseTo(1, within(1e-12));
      }
    }
    assertThat(schedule.veSigma(lo)).isGreaterThan(0);
    assertThat(schedule.noiseConditioning(schedule.level(lo))).isFinite();
    assertThat(schedule.noiseConditioning(schedule.level(hi))).isFinite();
  }

  @ParameterizedTest
  @MethodSource("names")
  void trainingTimesGiveFiniteLevels(String name) {
    NoiseSchedule schedule = NoiseSchedules.byName(name);
    for (double t : schedule.sampleTrainingTimes(new SplittableRandom(1), 500)) {
      NoiseLevel level = schedule.level(t);
      assertThat(level.sigma()).isGreaterThan(0);
      assertThat(schedule.noiseConditioning(level)).isFinite();
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void namesRoundTrip(String name) {
    assertThat(NoiseSchedules.byName(name).name()).isEqualTo(name);
  }

  @org.junit.jupiter.api.Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> NoiseSchedules.byName("quadratic"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'quadratic'")
        .hasMessageContaining("linear, cosine");
  }
}
