package dev.beamdiff.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class WarmupCosineScheduleTest {
  private final WarmupCosineSchedule schedule = new WarmupCosineSchedule(1e-3, 1e-5, 100, 1100);

  @Test
  void rampsLinearlyToThePeak() {
    assertThat(schedule.at(1)).isCloseTo(1e-5, offset(1e-15));
    assertThat(schedule.at(50)).isCloseTo(5e-4, offset(1e-15));
    assertThat(schedule.at(100)).isEqualTo(1e-3);
  }

  @Test
  void decaysAlongHalfACosine() {
    // Halfway through the decay cos(π/2) = 0: the mean of peak and end.
    assertThat(schedule.at(600)).isCloseTo((1e-3 + 1e-5) / 2, offset(1e-15));
    // A quarter in: end + (peak − end)(1 + cos(π/4))/2.
    assertThat(schedule.at(350))
        .isCloseTo(1e-5 + (1e-3 - 1e-5) * (1 + Math.sqrt(0.5)) / 2, offset(1e-15));
    assertThat(schedule.at(1100)).isEqualTo(1e-5);
    assertThat(schedule.at(5000)).isEqualTo(1e-5);
    for (long n = 101; n < 1100; n++) {
      assertThat(schedule.at(n + 1)).isLessThanOrEqualTo(schedule.at(n));
    }
  }

  @Test
  void warmupIndependentOfTotal() {
    WarmupCosineSchedule longer = new WarmupCosineSchedule(1e-3, 1e-5, 100, 99_999);
    for (long n = 1; n <= 100; n++) {
      assertThat(longer.at(n)).isEqualTo(schedule.at(n));
    }
  }

  @Test
  void noWarmupStartsAtThePeak() {
    WarmupCosineSchedule s = new WarmupCosineSchedule(2e-4, 0, 0, 10);
    assertThat(s.at(1)).isCloseTo(2e-4 * (1 + Math.cos(Math.PI / 10)) / 2, offset(1e-18));
    assertThat(s.at(10)).isZero();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new WarmupCosineSchedule(0, 0, 1, 10)).hasMessageContaining("peak");
    assertThatThrownBy(() -> new WarmupCosineSchedule(1e-3, 1e-2, 1, 10))
        .hasMessageContaining("final learning rate");
    assertThatThrownBy(() -> new WarmupCosineSchedule(1e-3, 0, 11, 10))
        .hasMessageContaining("warm-up steps");
    assertThatThrownBy(() -> schedule.at(0)).hasMessageContaining("start at 1");
  }
}
