package dev.beamdiff.transforms.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.beamdiff.diffusion.spec.DiffusionSpec;
import dev.beamdiff.generate.DiffusionModel;
import dev.beamdiff.generate.ModelSpec;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.transforms.metrics.detector.SharedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The per-JVM model holder behind {@link GenerateImagesFn}: several instances (worker threads) load
 * the model once and it is closed when the last one is torn down.
 */
@Tag("slow")
class GenerateImagesFnTest {
  private static final AtomicInteger LOADS = new AtomicInteger();
  private static final List<DiffusionModel> OPENED = new ArrayList<>();

  /** A fresh tiny unconditional model per load, counted. */
  private record CountingSource(String key) implements ModelSource {
    @Override
    public DiffusionModel open() {
      LOADS.incrementAndGet();
      UNetConfig unet =
          new UNetConfig(8, 1, 1, 8, List.of(1, 2), 1, List.of(), 2, 4, 1e-5f, 8, 16, 0f, 0);
      DiffusionModel model =
          DiffusionModel.create(
              ModelSpec.of("tiny", unet, DiffusionSpec.parse("edm", null, null)), 3);
      synchronized (OPENED) {
        OPENED.add(model);
      }
      return model;
    }
  }

  @Test
  void loadsOncePerJvmAndClosesAtTheLastTeardown() {
    ModelSource source = new CountingSource("holder-test");
    ClassPlan none = ClassPlan.parse("", List.of(), 0);
    GenerationPlan plan = new GenerationPlan("euler", 1, 1, 0, none);
    List<GenerateImagesFn> fns = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GenerateImagesFn fn = new GenerateImagesFn(source, plan);
      fn.setup();
      fns.add(fn);
    }
    String key = GenerateImagesFn.sharedKey(source);
    assertThat(LOADS.get()).isEqualTo(1);
    assertThat(SharedResource.references(key)).isEqualTo(3);
    DiffusionModel model = OPENED.get(0);

    fns.get(0).teardown();
    fns.get(2).teardown();
    assertThat(model.manager().isOpen()).isTrue();
    assertThat(SharedResource.references(key)).isEqualTo(1);

    fns.get(1).teardown();
    fns.get(1).teardown(); // a second teardown releases nothing more
    assertThat(model.manager().isOpen()).isFalse();
    assertThat(SharedResource.references(key)).isZero();

    // a later setup loads it again
    GenerateImagesFn again = new GenerateImagesFn(source, plan);
    again.setup();
    assertThat(LOADS.get()).isEqualTo(2);
    again.teardown();
    assertThat(OPENED.get(1).manager().isOpen()).isFalse();
  }
}
