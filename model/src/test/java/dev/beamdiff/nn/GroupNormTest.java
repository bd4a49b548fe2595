package dev.beamdiff.nn;

import static dev.beamdiff.nn.NDAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("slow")
class GroupNormTest {

  /** Plain-Java double-precision group norm over [N, C, spatial]: the definition, term by term. */
  private static double[] reference(
      float[] x, int n, int c, int spatial, int groups, float[] gamma, float[] beta, double eps) {
    double[] y = new double[x.length];
    int perGroup = c / groups;
    for (int b = 0; b < n; b++) {
      for (int g = 0; g < groups; g++) {
        int start = (b * c + g * perGroup) * spatial;
        int count = perGroup * spatial;
        double mean = 0;
        for (int i = 0; i < count; i++) {
          mean += x[start + i];
        }
        mean /= count;
        double variance = 0;
        for (int i = 0; i < count; i++) {
          variance += (x[start + i] - mean) * (x[start + i] - mean);
        }
        variance /= count;
        for (int i = 0; i < count; i++) {
          int channel = g * perGroup + i / spatial;
          y[start + i] =
              gamma[channel] * (x[start + i] - mean) / Math.sqrt(variance + eps) + beta[channel];
        }
      }
    }
    return y;
  }

  @ParameterizedTest(name = "[{0},{1},{2}] in {3} groups")
  @CsvSource({"2,6,20,3", "3,8,7,8", "2,4,9,1", "4,16,1,4", "1,32,49,8"})
  void forwardMatchesThePlainJavaDefinition(int n, int c, int spatial, int groups) {
    Random random = new Random(n * 1000L + c * 10L + groups);
    float[] x = new float[n * c * spatial];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextGaussian() * 2.5 + 4.0);
    }
    float[] gamma = new float[c];
    float[] beta = new float[c];
    for (int i = 0; i < c; i++) {
      gamma[i] = (float) random.nextGaussian();
      beta[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape shape = spatial == 1 ? new Shape(n, c) : new Shape(n, c, spatial);
      float[] y =
          GroupNorm.groupNorm(
                  manager.create(x, shape),
                  groups,
                  manager.create(gamma),
                  manager.create(beta),
                  1e-5f)
              .toFloatArray();
      double[] expected = reference(x, n, c, spatial, groups, gamma, beta, 1e-5);
      for (int i = 0; i < y.length; i++) {
        assertThat((double) y[i]).as("y[%d]", i).isCloseTo(expected[i], within(2e-5));
      }
    }
  }

  @ParameterizedTest(name = "torch case {0}")
  @CsvSource({"a.", "b."})
  void forwardAndGradientsMatchTorchGroupNorm(String prefix) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> f = NpzFixture.load(manager, "fixtures/nn/groupnorm.npz");
      NDArray x = f.get(prefix + "x");
      NDArray gamma = f.get(prefix + "gamma");
      NDArray beta = f.get(prefix + "beta");
      int groups = f.get(prefix + "groups").getInt(0);
      float eps = f.get(prefix + "eps").getFloat(0);
      for (NDArray leaf : new NDArray[] {x, gamma, beta}) {
        leaf.setRequiresGradient(true);
      }
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = GroupNorm.groupNorm(x, groups, gamma, beta, eps);
        assertClose(y, f.get(prefix + "y"), 1e-5);
        collector.backward(y.mul(f.get(prefix + "upstream")).sum());
      }
      assertClose(x.getGradient(), f.get(prefix + "dx"), 1e-4);
      assertClose(gamma.getGradient(), f.get(prefix + "dgamma"), 1e-4);
      assertClose(beta.getGradient(), f.get(prefix + "dbeta"), 1e-4);
    }
  }

  @Test
  void blockHasPerChannelGammaOneAndBetaZero() {
    try (NDManager manager = NDManager.newBaseManager()) {
      GroupNorm norm = new GroupNorm(2, 1e-5f);
      norm.initialize(manager, DataType.FLOAT32, new Shape(3, 4, 5, 5));
      assertThat(norm.getParameters().keys()).containsExactly("gamma", "beta");
      assertThat(norm.getParameters().get("gamma").getArray().toFloatArray())
          .containsOnly(1f)
          .hasSize(4);
      assertThat(norm.getParameters().get("beta").getArray().toFloatArray())
          .containsOnly(0f)
          .hasSize(4);
      NDArray x = manager.randomNormal(new Shape(3, 4, 5, 5)).mul(7).add(3);
      NDArray y =
          norm.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
      // each group of the output has mean 0 and variance 1 (up to ε)
      NDArray grouped = y.reshape(3, 2, -1);
      assertClose(grouped.mean(new int[] {2}), manager.zeros(new Shape(3, 2)), 1e-5);
      assertClose(
          grouped.sub(grouped.mean(new int[] {2}, true)).square().mean(new int[] {2}),
          manager.ones(new Shape(3, 2)),
          1e-3);
    }
  }

  @Test
  void rejectsChannelsNotDivisibleByGroups() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.zeros(new Shape(2, 6, 4, 4));
      assertThatThrownBy(
              () ->
                  GroupNorm.groupNorm(
                      x, 4, manager.ones(new Shape(6)), manager.zeros(new Shape(6)), 1e-5f))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("groups=4")
          .hasMessageContaining("(2, 6, 4, 4)");
    }
    assertThatThrownBy(() -> new GroupNorm(0, 1e-5f)).hasMessageContaining("groups must be >= 1");
    assertThatThrownBy(() -> new GroupNorm(2, 0f)).hasMessageContaining("epsilon");
  }
}
