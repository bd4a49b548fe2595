package dev.beamdiff.tutorials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.X0Predictor;
import dev.beamdiff.diffusion.noise.NoiseSource;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.DdimSampler;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.sampling.TimeSpacing;
import dev.beamdiff.diffusion.schedule.DiscreteSchedule;
import dev.beamdiff.diffusion.schedule.NoiseSchedule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DDIM inversion on Gaussian data, where the ideal denoiser is known and the probability-flow ODE
 * has the closed-form solution {@link GaussianProblem#exactFlow}.
 */
@Tag("slow")
class DdimInversionTest {
  private static final GaussianProblem PROBLEM = new GaussianProblem(0.5);
  private static final NoiseSchedule LINEAR = DiscreteSchedule.linear();

  @Test
  void encodesAlongTheExactOdeWithErrorFallingWithSteps() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x0 = data(manager);
      double[] errors = new double[3];
      int[] steps = {25, 50, 100};
      for (int k = 0; k < steps.length; k++) {
        SamplingGrid grid = SamplingGrid.of(LINEAR, TimeSpacing.TRAILING, steps[k]);
        NDArray latent = DdimInversion.encode(PROBLEM.denoiser(), x0, grid);
        NDArray exact = PROBLEM.exactFlow(x0, 0, grid.veSigma(0));
        errors[k] = GaussianProblem.relativeError(latent, exact);
      }
      assertThat(errors[1]).isLessThan(errors[0]);
      assertThat(errors[2]).isLessThan(errors[1]).isLessThan(0.03);
    }
  }

  @Test
  void ddimDecodesTheLatentBackToTheImageWithErrorFallingWithSteps() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x0 = data(manager);
      X0Predictor ideal = PROBLEM.denoiser();
      double previous = Double.POSITIVE_INFINITY;
      for (int steps : new int[] {10, 40, 160}) {
        SamplingGrid grid = SamplingGrid.of(LINEAR, TimeSpacing.TRAILING, steps);
        NDArray latent = DdimInversion.encode(ideal, x0, grid);
        NDArray back = new DdimSampler(0).sample(ideal, latent, grid, SeededNoise.of(0));
        double error = GaussianProblem.relativeError(back, x0);
        assertThat(error).as("reconstruction error with %d steps", steps).isLessThan(previous / 2);
        previous = error;
      }
      assertThat(previous).isLessThan(0.05);
    }
  }

  @Test
  void rejectsAGridThatDoesNotEndAtTheCleanLevel() {
    try (NDManager manager = NDManager.newBaseManager()) {
      SamplingGrid noisyEnd = SamplingGrid.ofVeSigmas(LINEAR, 10, 1);
      assertThatThrownBy(() -> DdimInversion.encode(PROBLEM.denoiser(), data(manager), noisyEnd))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ending at the clean level");
    }
  }

  private static NDArray data(NDManager manager) {
    return SeededNoise.forIndices(9, 0, 64)
        .gaussian(manager, new Shape(64, 8), DataType.FLOAT64, NoiseSource.INITIAL)
        .mul(0.5);
  }
}
