package dev.beamdiff.tutorials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.beamdiff.cli.TutorialChapter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every registered chapter in its fast mode, as CI does, and checks that it writes the figures
 * its Markdown shows and that what it measured is what the chapter's text says.
 */
@Tag("slow")
class TutorialChaptersTest {
  /**
   * Fast-mode figures land here, not in the committed tutorials/figures. All chapters share the
   * folder, as they share tutorials/figures, so chapter 3 finds the model chapter 2 trained.
   */
  private static final Path OUT = Path.of("target", "tutorials-fast");

  static Stream<Named<TutorialChapter>> chapters() {
    return ServiceLoader.load(TutorialChapter.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(TutorialChapter::number))
        .map(c -> Named.of("chapter " + c.number() + ": " + c.title(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chapters")
  void runsInFastModeAndMeasuresWhatItsTextSays(TutorialChapter chapter) throws IOException {
    TutorialChapter.Result result = chapter.run(OUT, true);

    String markdown =
        Files.readString(Repository.root().resolve("tutorials").resolve(chapter.markdown()));
    assertThat(result.figures()).isNotEmpty();
    for (Path figure : result.figures()) {
      BufferedImage png = ImageIO.read(figure.toFile());
      assertThat(png).as("%s is a PNG", figure).isNotNull();
      assertThat(png.getWidth()).isGreaterThanOrEqualTo(200);
      assertThat(markdown)
          .as("the chapter shows %s", figure.getFileName())
          .contains("](figures/" + figure.getFileName() + ")");
    }
    assertThat(result.measurements())
        .allSatisfy((name, value) -> assertThat(value).as(name).isFinite());
    ChapterExpectations.check(chapter.number(), result);
  }

  /** What each chapter's text claims about its numbers. */
  static final class ChapterExpectations {
    private ChapterExpectations() {}

    static void check(int chapter, TutorialChapter.Result r) {
      switch (chapter) {
        case 1 -> forwardProcess(r);
        case 2 -> ddpm(r);
        case 3 -> ddim(r);
        case 4 -> solvers(r);
        case 5 -> edm(r);
        case 6 -> guidance(r);
        case 7 -> scalingOut(r);
        default -> throw new AssertionError("no expectations written for chapter " + chapter);
      }
    }

    private static void forwardProcess(TutorialChapter.Result r) {
      for (String vp : new String[] {"linear", "cosine"}) {
        assertThat(r.measurement(vp + ".max|α²+σ²−1|")).isLessThan(1e-12);
      }
      // Ho et al. 2020: ᾱ_T of the linear schedule, the product of (1 − β_t), is about 4.04e-5.
      assertThat(r.measurement("linear.alpha-bar.end")).isCloseTo(4.0358e-5, within(1e-8));
      assertThat(r.measurement("karras.sigma.end")).isEqualTo(80);
      assertThat(r.measurement("karras.log-snr.start"))
          .isCloseTo(-2 * Math.log(0.002), within(1e-9));
      for (String s : new String[] {"linear", "cosine", "karras"}) {
        assertThat(r.measurement(s + ".log-snr.start")).isGreaterThan(9);
        assertThat(r.measurement(s + ".log-snr.end")).isLessThan(-8);
        assertThat(r.measurement(s + ".correlation.first")).isGreaterThan(0.99);
        assertThat(r.measurement(s + ".correlation.last")).isBetween(-0.15, 0.15);
      }
    }

    private static void ddpm(TutorialChapter.Result r) {
      // The output convolution starts at zero, so update 1's loss is mean(ε²) ≈ 1.
      assertThat(r.measurement("loss.update1")).isBetween(0.95, 1.05);
      assertThat(r.measurement("loss.mean(last 10%)"))
          .isLessThan(0.5 * r.measurement("loss.mean(first 10%)"));
      assertThat(r.measurement("trajectory.moments")).isEqualTo(8);
      assertThat(r.measurement("same-seed.max|Δ|")).isZero();
      assertThat(r.measurement("other-seed.rms|Δ|")).isGreaterThan(0.1);
    }

    private static void ddim(TutorialChapter.Result r) {
      // Deterministic, and converging to the many-step ODE solution; the ancestral sampler is not.
      assertThat(r.measurement("ddim.same-start.max|Δ|")).isZero();
      double at5 = r.measurement("ddim.rms-to-reference(N=5)");
      double at10 = r.measurement("ddim.rms-to-reference(N=10)");
      double at20 = r.measurement("ddim.rms-to-reference(N=20)");
      assertThat(at10).isLessThan(0.8 * at5);
      assertThat(at20).isLessThan(0.8 * at10);
      assertThat(r.measurement("ddpm.rms-to-reference(N=20)")).isGreaterThan(3 * at20);
      // Inversion then reconstruction: the error falls with the steps.
      assertThat(r.measurement("inversion.rms(N=20)"))
          .isLessThan(0.6 * r.measurement("inversion.rms(N=5)"));
    }

    private static void guidance(TutorialChapter.Result r) {
      assertThat(r.measurement("same-seed.max|Δ|(g=2)")).isZero();
      assertThat(r.measurement("rms-from-unconditional(g=0)")).isZero();
      double g1 = r.measurement("rms-from-unconditional(g=1)");
      double g2 = r.measurement("rms-from-unconditional(g=2)");
      double g4 = r.measurement("rms-from-unconditional(g=4)");
      assertThat(g1).isGreaterThan(0.01);
      assertThat(g2).isGreaterThan(g1);
      assertThat(g4).isGreaterThan(g2);
      for (String g : new String[] {"0", "1", "2", "4"}) {
        assertThat(r.measurement("nearest-class-mean-accuracy(g=" + g + ")")).isBetween(0.0, 1.0);
      }
    }

    private static void solvers(TutorialChapter.Result r) {
      assertThat(r.measurement("order.euler")).isBetween(0.9, 1.1);
      assertThat(r.measurement("order.heun")).isBetween(1.9, 2.1);
      assertThat(r.measurement("order.rk4")).isBetween(3.8, 4.2);
      assertThat(r.measurement("order.dpmpp-2m")).isBetween(1.9, 2.2);
      assertThat(r.measurement("nfe-per-step.euler")).isEqualTo(1);
      assertThat(r.measurement("nfe-per-step.heun")).isEqualTo(2);
      assertThat(r.measurement("nfe-per-step.rk4")).isEqualTo(4);
      assertThat(r.measurement("nfe-per-step.dpmpp-2m")).isEqualTo(1);
      assertThat(r.measurement("error.rk4.N=16")).isLessThan(r.measurement("error.heun.N=16"));
      assertThat(r.measurement("error.heun.N=16")).isLessThan(r.measurement("error.euler.N=16"));
      assertThat(r.measurement("max|ddim−euler|")).isLessThan(1e-12);
      // The final first-order jump from σ̃ = 0.05 to 0 leaves ≈ σ̃²/(2s²) = 0.5% at any N.
      assertThat(r.measurement("final-jump.heun.error.N=64")).isBetween(3e-3, 7e-3);
    }

    private static void edm(TutorialChapter.Result r) {
      assertThat(r.measurement("c_skip(σ=σ_data)")).isCloseTo(0.5, within(1e-12));
      assertThat(r.measurement("c_out(σ=σ_data)")).isCloseTo(Math.sqrt(2) / 4, within(1e-12));
      assertThat(r.measurement("c_in(σ=σ_data)")).isCloseTo(Math.sqrt(2), within(1e-12));
      assertThat(r.measurement("c_noise(σ=1)")).isZero();
      assertThat(r.measurement("gaussian(σ_data).max|std−1|")).isLessThan(0.03);
      assertThat(r.measurement("fashion-mnist.pixel-std")).isBetween(0.65, 0.75);
      assertThat(r.measurement("edm.mean(ln σ)")).isCloseTo(-1.2, within(0.05));
      assertThat(r.measurement("edm.std(ln σ)")).isCloseTo(1.2, within(0.05));
      assertThat(r.measurement("karras.fraction(σ>10)"))
          .isGreaterThan(10 * r.measurement("edm.fraction(σ>10)"));
      assertThat(r.measurement("heun.nfe(18 steps)")).isEqualTo(35);
      // Deterministic: the start's error survives. Churn at 64 steps: it is forgotten.
      assertThat(r.measurement("std-ratio(N=64, start×0.8, S_churn=0)")).isBetween(0.76, 0.84);
      assertThat(r.measurement("std-ratio(N=64, start×1.2, S_churn=0)")).isBetween(1.15, 1.25);
      double low = r.measurement("std-ratio(N=64, start×0.8, S_churn=40)");
      double high = r.measurement("std-ratio(N=64, start×1.2, S_churn=40)");
      assertThat(low).isBetween(0.97, 1.07);
      assertThat(high).isCloseTo(low, within(0.02));
      // At 18 steps churn forgets the start too, but lands on its own discretization error.
      assertThat(r.measurement("std-ratio(N=18, start×0.8, S_churn=40)")).isGreaterThan(1.08);
    }

    private static void scalingOut(TutorialChapter.Result r) {
      assertThat(r.measurement("preprocess.records")).isEqualTo(200);
      assertThat(r.measurement("preprocess.dead-letters")).isZero();
      assertThat(r.measurement("pipeline.n(real)")).isEqualTo(200);
      assertThat(r.measurement("pipeline.fd(test vs train)")).isPositive();
      // More noise, larger distances.
      double clean = r.measurement("noise.fd(σ=0.00)");
      double some = r.measurement("noise.fd(σ=0.20)");
      double much = r.measurement("noise.fd(σ=0.40)");
      assertThat(some).isGreaterThan(clean);
      assertThat(much).isGreaterThan(2 * some);
      assertThat(r.measurement("noise.kid(σ=0.40)"))
          .isGreaterThan(r.measurement("noise.kid(σ=0.20)"));
      // Real against real: FD shrinks with N (its bias); KID stays near 0 next to a real
      // difference.
      assertThat(r.measurement("size.fd(N=100)"))
          .isGreaterThan(2 * r.measurement("size.fd(N=400)"));
      double noiseKid = r.measurement("noise.kid(σ=0.40)");
      assertThat(Math.abs(r.measurement("size.kid(N=400)"))).isLessThan(noiseKid / 5);
    }
  }
}
