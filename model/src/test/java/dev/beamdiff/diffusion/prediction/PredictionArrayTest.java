package dev.beamdiff.diffusion.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.beamdiff.diffusion.GaussianData;
import dev.beamdiff.diffusion.NoiseLevel;
import dev.beamdiff.diffusion.noise.SeededNoise;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The array methods of every transform: target → x̂0 and ε̂ round trip on float32 batches. */
@Tag("slow")
class PredictionArrayTest {

  @Test
  void targetsRoundTripThroughPredictX0AndPredictNoise() {
    NoiseLevel level = new NoiseLevel(0, 0.6, 0.8);
    try (NDManager manager = NDManager.newBaseManager()) {
      SeededNoise noise = SeededNoise.of(1, 2);
      NDArray x0 = noise.gaussian(manager, new Shape(2, 3, 4, 4), DataType.FLOAT32, 1);
      NDArray eps = noise.gaussian(manager, new Shape(2, 3, 4, 4), DataType.FLOAT32, 2);
      NDArray xt = x0.mul(level.alpha()).add(eps.mul(level.sigma()));
      for (String name : PredictionTransforms.names()) {
        PredictionTransform transform = PredictionTransforms.byName(name);
        NDArray target = transform.target(x0, eps, level);
        assertThat(GaussianData.relativeError(transform.predictX0(xt, target, level), x0))
            .as(name)
            .isLessThan(1e-6);
        assertThat(GaussianData.relativeError(transform.predictNoise(xt, target, level), eps))
            .as(name)
            .isLessThan(1e-6);
        NDArray scaled = transform.scaleInput(xt, level);
        assertThat(
                GaussianData.relativeError(
                    scaled, xt.mul(transform.coefficients(level).inputScale())))
            .isZero();
      }
      assertThatThrownBy(() -> new EpsilonPrediction().predictNoise(xt, xt, NoiseLevel.clean()))
          .hasMessageContaining("σ = 0");
    }
  }
}
