package dev.beamdiff.diffusion.guidance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.beamdiff.diffusion.Conditioning;
import dev.beamdiff.diffusion.Denoiser;
import dev.beamdiff.diffusion.Fixtures;
import dev.beamdiff.diffusion.GaussianData;
import dev.beamdiff.diffusion.noise.SeededNoise;
import dev.beamdiff.diffusion.sampling.Generation;
import dev.beamdiff.diffusion.sampling.KarrasSpacing;
import dev.beamdiff.diffusion.sampling.Samplers;
import dev.beamdiff.diffusion.sampling.SamplingGrid;
import dev.beamdiff.diffusion.sampling.SamplingModel;
import dev.beamdiff.diffusion.sampling.StepListener;
import dev.beamdiff.diffusion.spec.DiffusionSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class GuidanceTest {
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** A class-conditional toy network: F = input·0.1 + label (labels 0…9, null label 10 → 0). */
  private static final class CountingNetwork implements Denoiser {
    final List<Long> batchSizes = new ArrayList<>();

    @Override
    public NDArray forward(NDArray input, NDArray noise, Conditioning conditioning) {
      batchSizes.add(input.getShape().get(0));
      NDArray labels = conditioning.get(0).toType(DataType.FLOAT32, false);
      NDArray offset = labels.mul(labels.lt(10).toType(DataType.FLOAT32, false)).reshape(-1, 1);
      return input.mul(0.1).add(offset);
    }
  }

  @Test
  void guidanceScalesInterpolateAndExtrapolateInOneDoubledCall() {
    DiffusionSpec spec = DiffusionSpec.parse("edm", null, null);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
      Conditioning labels = Conditioning.of(scope.create(new int[] {3, 7}));
      Conditioning nulls = Conditioning.of(scope.create(new int[] {10, 10}));
      NDArray conditional = predict(spec, x, labels, null, null);
      NDArray unconditional = predict(spec, x, nulls, null, null);
      CountingNetwork network = new CountingNetwork();
      for (double g : new double[] {0, 1, 3.5}) {
        network.batchSizes.clear();
        NDArray guided = predict(spec, x, labels, nulls, g, network);
        NDArray expected = unconditional.add(conditional.sub(unconditional).mul(g));
        assertThat(GaussianData.relativeError(guided, expected)).as("g = %s", g).isLessThan(1e-6);
        assertThat(network.batchSizes).containsExactly(g == 0 || g == 1 ? 2L : 4L);
      }
    }
  }

  @Test
  void guidanceNeedsTheNullConditioning() {
    assertThatThrownBy(() -> new ClassifierFreeGuidance(2, Conditioning.none()))
        .hasMessageContaining("null conditioning");
    assertThatThrownBy(() -> new ClassifierFreeGuidance(-1, Conditioning.none()))
        .hasMessageContaining("≥ 0");
    DiffusionSpec spec = DiffusionSpec.parse("edm", null, null);
    try (NDManager scope = manager.newSubManager()) {
      Conditioning nulls = Conditioning.of(scope.create(new int[] {10}));
      assertThatThrownBy(
              () -> SamplingModel.builder(new CountingNetwork(), spec).guidance(2, nulls).build())
          .hasMessageContaining("needs a conditioning");
    }
  }

  /** A guided image depends only on its own seed and label, not on the batch around it. */
  @Test
  void guidedSamplesAreIndependentOfTheBatch() {
    DiffusionSpec spec = DiffusionSpec.parse("edm", null, null);
    SamplingGrid grid = SamplingGrid.of(spec.schedule(), new KarrasSpacing(), 8);
    try (NDManager scope = manager.newSubManager()) {
      float[] alone = guidedSample(scope, spec, grid, new long[] {22}, new int[] {7});
      float[] inBatch =
          guidedSample(scope, spec, grid, new long[] {11, 22, 33}, new int[] {1, 7, 2});
      float[] second = new float[alone.length];
      System.arraycopy(inBatch, alone.length, second, 0, alone.length);
      assertThat(second).containsExactly(alone);
    }
  }

  @Test
  void staticThresholdingClips() {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x0 = scope.create(new float[] {-3, -0.5f, 0.2f, 1.5f});
      assertThat(new StaticThresholding().apply(x0).toFloatArray())
          .containsExactly(-1, -0.5f, 0.2f, 1);
    }
  }

  /** Against diffusers' _threshold_sample computed with torch.quantile. */
  @Test
  void dynamicThresholdingMatchesTorchQuantile() {
    JsonObject fixture = Fixtures.json("dynamic-threshold.json");
    long[] dims = new long[4];
    for (int i = 0; i < 4; i++) {
      dims[i] = fixture.getAsJsonArray("shape").get(i).getAsLong();
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray input =
          scope.create(Fixtures.doubles(fixture.getAsJsonArray("input")), new Shape(dims));
      NDArray expected =
          scope.create(Fixtures.doubles(fixture.getAsJsonArray("output")), new Shape(dims));
      DynamicThresholding thresholding =
          new DynamicThresholding(
              fixture.get("percentile").getAsDouble(), fixture.get("maxValue").getAsDouble());
      assertThat(GaussianData.relativeError(thresholding.apply(input), expected)).isLessThan(1e-12);
    }
  }

  private static float[] guidedSample(
      NDManager scope, DiffusionSpec spec, SamplingGrid grid, long[] seeds, int[] labels) {
    int[] nulls = new int[labels.length];
    java.util.Arrays.fill(nulls, 10);
    SamplingModel model =
        SamplingModel.builder(new CountingNetwork(), spec)
            .conditioning(Conditioning.of(scope.create(labels)))
            .guidance(3, Conditioning.of(scope.create(nulls)))
            .thresholding(new DynamicThresholding())
            .build();
    return Generation.generate(
            Samplers.byName("dpmpp-2m-sde"),
            model,
            scope,
            new Shape(labels.length, 4),
            grid,
            SeededNoise.of(seeds),
            StepListener.NONE)
        .toFloatArray();
  }

  private static NDArray predict(
      DiffusionSpec spec, NDArray x, Conditioning cond, Conditioning uncond, Double scale) {
    return predict(spec, x, cond, uncond, scale, new CountingNetwork());
  }

  private static NDArray predict(
      DiffusionSpec spec,
      NDArray x,
      Conditioning cond,
      Conditioning uncond,
      Double scale,
      Denoiser network) {
    SamplingModel.Builder builder = SamplingModel.builder(network, spec).conditioning(cond);
    if (scale != null) {
      builder.guidance(scale, uncond);
    }
    return builder.build().predictX0(x, 2.5);
  }
}
