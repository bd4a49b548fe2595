package dev.beamdiff.nn.unet;

import static dev.beamdiff.nn.NDAssertions.assertClose;
import static dev.beamdiff.nn.NDAssertions.maxAbsDifference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.beamdiff.nn.BlockParameters;
import dev.beamdiff.nn.NpzFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class UNetTest {
  private static final UNetConfig TINY =
      UNetConfig.fromJson(NpzFixture.text("fixtures/nn/tiny_unet.json"));

  static Shape[] inputShapes(UNetConfig config, int batch) {
    Shape x = new Shape(batch, config.inChannels(), config.imageSize(), config.imageSize());
    return config.isClassConditional()
        ? new Shape[] {x, new Shape(batch), new Shape(batch)}
        : new Shape[] {x, new Shape(batch)};
  }

  static UNet initialised(UNetConfig config, NDManager manager, int batch) {
    UNet net = new UNet(config);
    net.initialize(manager, DataType.FLOAT32, inputShapes(config, batch));
    return net;
  }

  static NDList randomInputs(UNetConfig config, NDManager manager, int batch, boolean labels) {
    NDArray x =
        manager.randomNormal(
            new Shape(batch, config.inChannels(), config.imageSize(), config.imageSize()));
    NDArray noise = manager.randomUniform(0f, 1000f, new Shape(batch));
    if (!labels) {
      return new NDList(x, noise);
    }
    return new NDList(
        x, noise, manager.randomInteger(0, config.numClasses(), new Shape(batch), DataType.INT64));
  }

  @Test
  void parameterCountsOfTheNamedConfigurationsAreExactAndMatchPyTorch() {
    JsonObject pytorch =
        JsonParser.parseString(NpzFixture.text("fixtures/nn/unet_parameter_counts.json"))
            .getAsJsonObject();
    try (NDManager manager = NDManager.newBaseManager()) {
      long fmnist = BlockParameters.count(initialised(UNetConfig.FMNIST_SMALL, manager, 1));
      long fmnistUnconditional =
          BlockParameters.count(initialised(UNetConfig.FMNIST_SMALL.withNumClasses(0), manager, 1));
      long cifar = BlockParameters.count(initialised(UNetConfig.CIFAR_DDPM, manager, 1));
      long tiny = BlockParameters.count(initialised(TINY, manager, 1));

      assertThat(fmnist).isEqualTo(1_806_465L).isEqualTo(pytorch.get("fmnist-small").getAsLong());
      assertThat(fmnistUnconditional)
          .isEqualTo(1_803_649L)
          .isEqualTo(pytorch.get("fmnist-small unconditional").getAsLong());
      assertThat(cifar).isEqualTo(35_746_307L).isEqualTo(pytorch.get("cifar-ddpm").getAsLong());
      assertThat(tiny).isEqualTo(pytorch.get("tiny").getAsLong());
    }
  }

  /** Loads the PyTorch reference weights into a tiny UNet by parameter name. */
  private static UNet tinyWithReferenceWeights(NDManager manager, Map<String, NDArray> fixture) {
    UNet net = initialised(TINY, manager, 3);
    Map<String, Parameter> parameters = BlockParameters.byCanonicalName(net);
    TreeSet<String> expected =
        fixture.keySet().stream()
            .filter(k -> k.startsWith("param."))
            .map(k -> k.substring("param.".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(parameters.keySet())).isEqualTo(expected);
    parameters.forEach(
        (name, parameter) -> {
          NDArray value = fixture.get("param." + name);
          assertThat(parameter.getArray().getShape()).as(name).isEqualTo(value.getShape());
          parameter.getArray().set(value.toFloatArray());
        });
    return net;
  }

  @Test
  void outputAndGradientsMatchThePyTorchReferenceNetwork() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> fixture = NpzFixture.load(manager, "fixtures/nn/tiny_unet.npz");
      UNet net = tinyWithReferenceWeights(manager, fixture);
      NDList inputs = new NDList(fixture.get("x"), fixture.get("noise"), fixture.get("labels"));
      ParameterStore store = new ParameterStore(manager, false);

      NDArray out = net.forward(store, inputs, false).singletonOrThrow();
      assertThat(maxAbsDifference(out, fixture.get("out"))).isLessThanOrEqualTo(1e-4);

      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray trained = net.forward(store, inputs, true).singletonOrThrow();
        assertThat(maxAbsDifference(trained, fixture.get("out"))).isLessThanOrEqualTo(1e-4);
        collector.backward(trained.mul(fixture.get("upstream")).sum());
      }
      BlockParameters.byCanonicalName(net)
          .forEach(
              (name, parameter) ->
                  assertClose(
                      parameter.getArray().getGradient(), fixture.get("grad." + name), 1e-3));
    }
  }

  @Test
  void missingLabelsMeanTheNullLabel() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> fixture = NpzFixture.load(manager, "fixtures/nn/tiny_unet.npz");
      UNet net = tinyWithReferenceWeights(manager, fixture);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray x = fixture.get("x");
      NDArray noise = fixture.get("noise");
      NDArray nullLabels = manager.full(new Shape(3), TINY.numClasses(), DataType.INT32);
      NDArray unconditional = net.forward(store, new NDList(x, noise), false).head();
      NDArray withNull = net.forward(store, new NDList(x, noise, nullLabels), false).head();
      NDArray withClass =
          net.forward(store, new NDList(x, noise, nullLabels.zerosLike()), false).head();
      assertThat(maxAbsDifference(unconditional, withNull)).isZero();
      assertThat(maxAbsDifference(unconditional, withClass)).isGreaterThan(1e-3);
    }
  }

  @Test
  void untrainedNetworkPredictsZeroAndStartsFromTheDdpmInitialisation() {
    try (NDManager manager = NDManager.newBaseManager()) {
      UNet net = initialised(TINY, manager, 2);
      NDArray out =
          net.forward(
                  new ParameterStore(manager, false), randomInputs(TINY, manager, 2, true), false)
              .head();
      assertThat(out.abs().max().getFloat()).isZero();
      BlockParameters.byCanonicalName(net)
          .forEach(
              (name, parameter) -> {
                float maxAbs = parameter.getArray().abs().max().getFloat();
                if (name.endsWith("conv2.weight")
                    || name.endsWith("proj.weight")
                    || name.equals("convOut.weight")
                    || name.endsWith(".bias")
                    || name.endsWith(".beta")) {
                  assertThat(maxAbs).as(name).isZero();
                } else if (name.endsWith(".gamma")) {
                  assertThat(parameter.getArray().toFloatArray()).as(name).containsOnly(1f);
                } else {
                  assertThat(maxAbs).as(name).isGreaterThan(0f);
                }
              });
      // Glorot uniform: |w| ≤ √(3 / fan_avg), fan_avg = (in + out)·k²/2 for convIn (2 → 4, 3×3)
      float bound = (float) Math.sqrt(3.0 / ((2 + 4) * 9 / 2.0));
      NDArray convIn = BlockParameters.byCanonicalName(net).get("convIn.weight").getArray();
      assertThat(convIn.abs().max().getFloat()).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void parametersRoundTripThroughSaveAndLoad() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> fixture = NpzFixture.load(manager, "fixtures/nn/tiny_unet.npz");
      UNet net = tinyWithReferenceWeights(manager, fixture);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        net.saveParameters(out);
      }
      UNet loaded = new UNet(TINY);
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        loaded.loadParameters(manager, in);
      }
      NDList inputs = new NDList(fixture.get("x"), fixture.get("noise"), fixture.get("labels"));
      NDArray expected = net.forward(new ParameterStore(manager, false), inputs, false).head();
      NDArray actual = loaded.forward(new ParameterStore(manager, false), inputs, false).head();
      assertThat(maxAbsDifference(actual, expected)).isZero();
      assertThat(maxAbsDifference(actual, fixture.get("out"))).isLessThanOrEqualTo(1e-4);
    }
  }

  @Test
  void forwardLeavesOnlyItsOutputInTheCallersManagerAndNothingInTheModels() {
    try (NDManager model = NDManager.newBaseManager();
        NDManager caller = NDManager.newBaseManager()) {
      Map<String, NDArray> fixture = NpzFixture.load(caller, "fixtures/nn/tiny_unet.npz");
      UNet net = tinyWithReferenceWeights(model, fixture);
      ParameterStore store = new ParameterStore(model, false);
      NDList inputs = new NDList(fixture.get("x"), fixture.get("noise"));
      store.getManager(); // parameters are looked up once per store: do that before counting
      net.forward(store, inputs, false).close();
      int modelArrays = model.getManagedArrays().size();
      for (boolean training : new boolean[] {false, true}) {
        try (NDManager step = caller.newSubManager()) {
          NDArray x = inputs.get(0).duplicate();
          NDArray noise = inputs.get(1).duplicate();
          x.attach(step);
          noise.attach(step);
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = net.forward(store, new NDList(x, noise), training).head();
            assertThat(step.getManagedArrays())
                .as("arrays left in the caller's manager, training=%s", training)
                .containsExactlyInAnyOrder(x, noise, out);
            if (training) {
              collector.backward(out.sum());
            }
          }
        }
        assertThat(model.getManagedArrays()).hasSize(modelArrays);
      }
    }
  }

  @Test
  void dropoutIsActiveOnlyInTraining() {
    UNetConfig withDropout =
        new UNetConfig(
            8,
            1,
            1,
            4,
            java.util.List.of(1, 2),
            1,
            java.util.List.of(4),
            2,
            2,
            1e-5f,
            8,
            16,
            0.5f,
            0);
    try (NDManager manager = NDManager.newBaseManager()) {
      UNet net = initialised(withDropout, manager, 2);
      for (Parameter parameter : net.getParameters().values()) { // leave the zero-init behind
        NDArray array = parameter.getArray();
        array.set(manager.randomNormal(array.getShape()).toFloatArray());
      }
      ParameterStore store = new ParameterStore(manager, false);
      NDList inputs = randomInputs(withDropout, manager, 2, false);
      NDArray eval1 = net.forward(store, inputs, false).head();
      NDArray eval2 = net.forward(store, inputs, false).head();
      NDArray train1 = net.forward(store, inputs, true).head();
      NDArray train2 = net.forward(store, inputs, true).head();
      assertThat(maxAbsDifference(eval1, eval2)).isZero();
      assertThat(maxAbsDifference(train1, train2)).isGreaterThan(1e-3);
      assertThat(maxAbsDifference(train1, eval1)).isGreaterThan(1e-3);
    }
  }

  @Test
  void rejectsInputsOfTheWrongShapeOrLabelsForAnUnconditionalNetwork() {
    try (NDManager manager = NDManager.newBaseManager()) {
      UNet net = initialised(TINY, manager, 2);
      ParameterStore store = new ParameterStore(manager, false);
      NDArray noise = manager.zeros(new Shape(2));
      assertThatThrownBy(
              () ->
                  net.forward(
                      store, new NDList(manager.zeros(new Shape(2, 3, 8, 8)), noise), false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("UNet expects (x [B, 2, 8, 8], noise condition [B]")
          .hasMessageContaining("(2, 3, 8, 8)");
      assertThatThrownBy(
              () ->
                  net.forward(
                      store,
                      new NDList(manager.zeros(new Shape(2, 2, 8, 8)), manager.zeros(new Shape(3))),
                      false))
          .hasMessageContaining("noise condition [B]");
      assertThatThrownBy(
              () ->
                  net.forward(
                      store,
                      new NDList(
                          manager.zeros(new Shape(2, 2, 8, 8)), noise, manager.zeros(new Shape(2))),
                      false))
          .hasMessageContaining("labels must be an int32 or int64 array");

      UNetConfig unconditional = TINY.withNumClasses(0);
      UNet plain = initialised(unconditional, manager, 2);
      assertThatThrownBy(
              () ->
                  plain.forward(
                      store,
                      new NDList(
                          manager.zeros(new Shape(2, 2, 8, 8)),
                          noise,
                          manager.zeros(new Shape(2), DataType.INT64)),
                      false))
          .hasMessageContaining("the network is unconditional: no labels");
      assertThat(plain.getOutputShapes(inputShapes(unconditional, 5)))
          .containsExactly(new Shape(5, 2, 8, 8));
    }
  }
}
