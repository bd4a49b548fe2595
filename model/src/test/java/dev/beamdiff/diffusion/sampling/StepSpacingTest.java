package dev.beamdiff.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.schedule.CosineSchedule;
import dev.beamdiff.diffusion.schedule.DiscreteSchedule;
import dev.beamdiff.diffusion.schedule.EdmSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSpacingTest {
  private static final DiscreteSchedule LINEAR = DiscreteSchedule.linear();

  /** Lin et al. 2023, Table 2, T = 1000 and S = 10 (0-based: the paper's values minus one). */
  @Test
  void timeSpacingsMatchLinEtAlTableTwo() {
    assertThat(TimeSpacing.LINSPACE.discreteTimes(1000, 10))
        .containsExactly(999, 888, 777, 666, 555, 444, 333, 222, 111, 0);
    assertThat(TimeSpacing.LEADING.discreteTimes(1000, 10))
        .containsExactly(900, 800, 700, 600, 500, 400, 300, 200, 100, 0);
    assertThat(TimeSpacing.TRAILING.discreteTimes(1000, 10))
        .containsExactly(999, 899, 799, 699, 599, 499, 399, 299, 199, 99);
    assertThat(TimeSpacing.TRAILING.discreteTimes(1000, 1)).containsExactly(999);
    assertThat(TimeSpacing.TRAILING.discreteTimes(1000, 1000)[999]).isZero();
    assertThatThrownBy(() -> TimeSpacing.LEADING.discreteTimes(1000, 1001))
        .hasMessageContaining("1…1000");
  }

  @Test
  void continuousTimeSpacings() {
    assertThat(TimeSpacing.TRAILING.continuousTimes(0, 1, 4)).containsExactly(1, 0.75, 0.5, 0.25);
    assertThat(TimeSpacing.LEADING.continuousTimes(0, 1, 4)).containsExactly(0.75, 0.5, 0.25, 0);
    assertThat(TimeSpacing.LINSPACE.continuousTimes(0, 1, 3)).containsExactly(1, 0.5, 0);
  }

  /** EDM Eq. 5 with N = 18 (the CIFAR-10 setting): known first/middle/last noise levels. */
  @Test
  void karrasSpacingFollowsEdmEquationFive() {
    EdmSchedule edm = new EdmSchedule();
    SamplingGrid grid = SamplingGrid.of(edm, new KarrasSpacing(), 18);
    assertThat(grid.steps()).isEqualTo(18);
    assertThat(grid.veSigma(0)).isEqualTo(80);
    assertThat(grid.veSigma(17)).isCloseTo(0.002, within(1e-15));
    assertThat(grid.veSigma(18)).isZero();
    double rMax = Math.pow(80, 1 / 7.0);
    double rMin = Math.pow(0.002, 1 / 7.0);
    assertThat(grid.veSigma(9))
        .isCloseTo(Math.pow(rMax + 9 / 17.0 * (rMin - rMax), 7), within(1e-12));
    assertThat(grid.endsClean()).isTrue();
  }

  @Test
  void logSigmaSpacingIsGeometric() {
    SamplingGrid grid = SamplingGrid.of(new EdmSchedule(), new LogSigmaSpacing(0.01, 100), 5);
    assertThat(grid.veSigmas())
        .containsExactly(new double[] {100, 10, 1, 0.1, 0.01, 0}, within(1e-12));
  }

  @Test
  void karrasSpacingOnADiscreteScheduleUsesFractionalTimes() {
    SamplingGrid grid = SamplingGrid.of(LINEAR, new KarrasSpacing(), 10);
    assertThat(grid.level(0).time()).isEqualTo(999);
    assertThat(grid.level(9).time()).isCloseTo(0, within(1e-9));
    assertThat(grid.level(5).time()).isNotEqualTo(Math.rint(grid.level(5).time()));
  }

  @Test
  void pureNoiseLevelsAreCappedAtTheMaximumSigma() {
    DiscreteSchedule zsnr = LINEAR.withZeroTerminalSnr();
    SamplingGrid trailing = SamplingGrid.of(zsnr, TimeSpacing.TRAILING, 10);
    assertThat(trailing.veSigma(0)).isCloseTo(SamplingGrid.MAX_VE_SIGMA, within(1e-9));
    assertThat(trailing.level(0).time()).isEqualTo(999);
    SamplingGrid karras = SamplingGrid.of(new CosineSchedule(), new KarrasSpacing(), 10);
    assertThat(karras.veSigma(0)).isCloseTo(SamplingGrid.MAX_VE_SIGMA, within(1e-9));
    assertThat(karras.level(0).time()).isEqualTo(1);
    // A schedule with a large but finite end keeps it.
    assertThat(SamplingGrid.of(DiscreteSchedule.cosine(), new KarrasSpacing(), 10).veSigma(0))
        .isCloseTo(DiscreteSchedule.cosine().veSigma(999), within(1e-9));
  }

  @Test
  void userSuppliedTimesAndSigmas() {
    SamplingGrid times = SamplingGrid.ofTimes(LINEAR, 999, 500, 0);
    assertThat(times.steps()).isEqualTo(3);
    assertThat(times.level(1).time()).isEqualTo(500);
    SamplingGrid sigmas = SamplingGrid.ofVeSigmas(new EdmSchedule(), 80, 10, 1, 0);
    assertThat(sigmas.steps()).isEqualTo(3);
    assertThat(sigmas.endsClean()).isTrue();
    SamplingGrid open = SamplingGrid.ofVeSigmas(new EdmSchedule(), 80, 10, 1);
    assertThat(open.endsClean()).isFalse();
    assertThatThrownBy(() -> SamplingGrid.ofVeSigmas(new EdmSchedule(), 1, 10))
        .hasMessageContaining("strictly decreasing");
    assertThatThrownBy(() -> SamplingGrid.ofVeSigmas(new EdmSchedule(), 1))
        .hasMessageContaining("at least 2");
  }

  @Test
  void strengthKeepsTheLastSteps() {
    SamplingGrid grid = SamplingGrid.of(LINEAR, TimeSpacing.TRAILING, 10);
    SamplingGrid half = grid.forStrength(0.5);
    assertThat(half.steps()).isEqualTo(5);
    assertThat(half.level(0).time()).isEqualTo(499);
    List<NoiseLevel> tail = grid.levels().subList(5, 11);
    assertThat(half.levels()).isEqualTo(tail);
    assertThat(grid.forStrength(1).levels()).isEqualTo(grid.levels());
    assertThatThrownBy(() -> grid.forStrength(0.05)).hasMessageContaining("leaves no step");
    assertThatThrownBy(() -> grid.forStrength(0)).hasMessageContaining("(0, 1]");
  }

  @Test
  void namesResolve() {
    for (String name : Samplers.spacingNames()) {
      assertThat(Samplers.spacingByName(name)).isNotNull();
    }
    assertThatThrownBy(() -> Samplers.spacingByName("quadratic"))
        .hasMessageContaining("linspace, leading, trailing, karras, exponential");
  }
}
