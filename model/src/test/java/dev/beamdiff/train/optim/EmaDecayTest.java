package dev.beamdiff.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class EmaDecayTest {
  private final EmaDecay decay = EmaDecay.defaults();

  @Test
  void startsAtZeroAndWarmsUp() {
    assertThat(decay.at(1)).isZero();
    assertThat(decay.at(2)).isCloseTo(1 - Math.pow(2, -0.75), offset(1e-15));
    // (1 + n − 1)^(3/4) = 1000 at n = 10⁴: β = 0.999.
    assertThat(decay.at(10_000)).isCloseTo(0.999, offset(1e-12));
    for (long n = 1; n < 2000; n++) {
      assertThat(decay.at(n + 1)).isGreaterThan(decay.at(n));
    }
  }

  @Test
  void isCappedAtMaxDecay() {
    assertThat(decay.at(10_000_000)).isEqualTo(0.9999);
    assertThat(new EmaDecay(1, 1, 0.5).at(100)).isEqualTo(0.5);
  }

  @Test
  void gammaStretchesTheWarmup() {
    EmaDecay slow = new EmaDecay(10, 0.75, 0.9999);
    assertThat(slow.at(11)).isEqualTo(decay.at(2));
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new EmaDecay(0, 1, 0.9)).hasMessageContaining("gamma > 0");
    assertThatThrownBy(() -> new EmaDecay(1, 1, 1.0)).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> decay.at(0)).hasMessageContaining("start at 1");
  }
}
