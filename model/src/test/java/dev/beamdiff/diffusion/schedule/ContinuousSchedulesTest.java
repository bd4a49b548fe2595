package dev.beamdiff.diffusion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.loss.EdmWeighting;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContinuousSchedulesTest {

  @Test
  void cosineIsExactAtBothEnds() {
    CosineSchedule cosine = new CosineSchedule();
    NoiseLevel start = cosine.level(0);
    assertThat(start.alpha()).isEqualTo(1);
    assertThat(start.sigma()).isZero();
    NoiseLevel end = cosine.level(1);
    assertThat(end.alpha()).isZero();
    assertThat(end.sigma()).isEqualTo(1);
    assertThat(cosine.timeAtVeSigma(Double.POSITIVE_INFINITY)).isEqualTo(1);
    assertThat(cosine.veSigma(0.5)).isCloseTo(1, within(1e-15));
    assertThat(cosine.noiseConditioning(cosine.level(0.3))).isEqualTo(0.3);
  }

  @Test
  void sqrtScheduleHasLinearAlphaBar() {
    SqrtSchedule sqrt = new SqrtSchedule();
    for (double t : new double[] {0, 0.1, 0.5, 0.9, 1}) {
      NoiseLevel level = sqrt.level(t);
      assertThat(level.alpha() * level.alpha()).isCloseTo(1 - t, within(1e-15));
      assertThat(level.sigma() * level.sigma()).isCloseTo(t, within(1e-15));
    }
    assertThat(sqrt.level(1).isPureNoise()).isTrue();
    assertThat(sqrt.veSigma(sqrt.minTime())).isCloseTo(0.01, within(1e-6));
  }

  @Test
  void karrasRampFollowsEdmEquationFive() {
    KarrasVeSchedule karras = new KarrasVeSchedule();
    assertThat(karras.sigma(0)).isEqualTo(0.002);
    assertThat(karras.sigma(1)).isEqualTo(80);
    double rMin = Math.pow(0.002, 1 / 7.0);
    double rMax = Math.pow(80, 1 / 7.0);
    assertThat(karras.sigma(0.3)).isCloseTo(Math.pow(rMin + 0.3 * (rMax - rMin), 7), within(1e-12));
    assertThat(karras.alpha(0.3)).isEqualTo(1);
    NoiseLevel level = karras.level(0.5);
    assertThat(karras.noiseConditioning(level)).isCloseTo(Math.log(level.sigma()) / 4, within(0.0));
    assertThat(karras.timeAtVeSigma(1e-5)).isZero();
    assertThat(karras.timeAtVeSigma(1e5)).isEqualTo(1);
    assertThat(karras.defaultWeighting()).isInstanceOf(EdmWeighting.class);
  }

  @Test
  void edmTrainingDistributionIsLogNormal() {
    EdmSchedule edm = new EdmSchedule();
    double[] sigmas = edm.sampleTrainingTimes(new SplittableRandom(11), 40_000);
    double mean = 0;
    for (double s : sigmas) {
      mean += Math.log(s);
    }
    mean /= sigmas.length;
    double variance = 0;
    for (double s : sigmas) {
      variance += Math.pow(Math.log(s) - mean, 2);
    }
    variance /= sigmas.length - 1;
    // Standard errors: 1.2/√n ≈ 0.006 for the mean, 1.44·√(2/n) ≈ 0.01 for the variance.
    assertThat(mean).isCloseTo(-1.2, within(0.03));
    assertThat(variance).isCloseTo(1.44, within(0.05));
    assertThat(edm.level(0.7).sigma()).isEqualTo(0.7);
    assertThat(edm.noiseConditioning(edm.level(1))).isZero();
  }

  @Test
  void trainingDrawsAreReproducibleAndInsideTheOpenDomain() {
    NoiseSchedule cosine = new CosineSchedule();
    double[] first = cosine.sampleTrainingTimes(new SplittableRandom(5), 1000);
    double[] second = cosine.sampleTrainingTimes(new SplittableRandom(5), 1000);
    assertThat(first).containsExactly(second);
    for (double t : first) {
      assertThat(t).isGreaterThan(0).isLessThan(1);
    }
  }
}
