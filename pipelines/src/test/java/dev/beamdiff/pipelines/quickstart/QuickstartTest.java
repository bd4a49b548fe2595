package dev.beamdiff.pipelines.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.beamdiff.classifier.TrainingSettings;
import dev.beamdiff.nn.unet.UNetConfig;
import dev.beamdiff.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage of the quickstart on the first 200 images of each Fashion-MNIST split with a tiny
 * network trained for 4 steps and 20 generated images; then a re-run that reuses every stage, an
 * interrupted training run that resumes (and makes the later stages run again), and a changed
 * budget that is refused.
 */
@Tag("slow")
class QuickstartTest {
  private static final UNetConfig TINY =
      new UNetConfig(28, 1, 1, 8, List.of(1, 2), 1, List.of(), 1, 4, 1e-5f, 16, 32, 0f, 10);

  @TempDir Path dir;

  @Test
  void runsEveryStageThenReusesThem() throws IOException {
    Path out = dir.resolve("qs");
    String first = run(settings(out, 4, 20));

    for (String stage : List.of("preprocess", "classifier", "train", "generate", "evaluate")) {
      assertThat(first).contains("] " + stage + ": ");
    }
    assertThat(first)
        .contains("[6/6] report")
        .contains("no classifier in " + dir.resolve("classifier"))
        .contains("training tiny")
        .doesNotContain("reusing")
        .contains("report: " + out.resolve("report.html").toAbsolutePath());
    Path report = out.resolve("report.html");
    String html = Files.readString(report);
    double fd = number(html, "<td>generated</td><td class=\"n\">([0-9.]+)</td>");
    double referenceFd =
        number(html, "<td>training images \\(reference\\)</td><td class=\"n\">([0-9.]+)</td>");
    assertThat(fd).isPositive();
    assertThat(referenceFd).isPositive();
    // Four steps of a tiny network draw noise; the training images are much closer to the test set.
    assertThat(fd).isGreaterThan(referenceFd);
    assertThat(html)
        .contains("<img src=\"grid.png\"")
        .contains("<img src=\"train/loss.png\"")
        .contains("./beamdiff preprocess --input ")
        .contains(
            "./beamdiff train --data " + out.resolve("data/train") + " --config tiny --steps 4")
        .contains("./beamdiff evaluate --real ")
        .contains("images/s");
    // One row per class, two images (20 / 10) per row, each 28 px at scale 2 with 2 px padding.
    BufferedImage grid = ImageIO.read(out.resolve("grid.png").toFile());
    assertThat(grid.getWidth()).isEqualTo(2 + 2 * (56 + 2));
    assertThat(grid.getHeight()).isEqualTo(2 + 10 * (56 + 2));
    assertThat(out.resolve("train/loss.png")).isRegularFile();
    assertThat(Files.list(out.resolve("generated")).filter(p -> p.toString().endsWith(".png")))
        .hasSize(20);

    Path checkpoint = out.resolve("train/checkpoints/step-000000004.ckpt");
    FileTime trained = Files.getLastModifiedTime(checkpoint);
    FileTime evaluated = Files.getLastModifiedTime(out.resolve("evaluation/generated.json"));
    String second = run(settings(out, 4, 20));
    assertThat(second.lines().filter(l -> l.trim().startsWith("reusing "))).hasSize(5);
    assertThat(second).doesNotContain("training tiny").doesNotContain("done in");
    assertThat(Files.getLastModifiedTime(checkpoint)).isEqualTo(trained);
    assertThat(Files.getLastModifiedTime(out.resolve("evaluation/generated.json")))
        .isEqualTo(evaluated);
    assertThat(Files.readString(report)).contains(String.format("%.4f", fd)).contains("reused");

    // A run killed after the checkpoint of step 2 resumes from it, and what follows is made again
    // (here also with a larger N).
    Files.delete(checkpoint);
    String resumed = run(settings(out, 4, 30));
    assertThat(resumed.lines().filter(l -> l.trim().startsWith("reusing "))).hasSize(2);
    assertThat(resumed)
        .contains("resuming tiny")
        .contains("(from step 2)")
        .contains("trained 4 steps (2 now)")
        .contains("running from scratch: its input (train) was just made")
        .contains("30 images (");
    assertThat(checkpoint).isRegularFile();
    assertThat(Files.readString(report)).contains("<td class=\"n\">30</td>");

    assertThatThrownBy(() -> run(settings(out, 5, 30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a training run for 4 steps, not 5 steps")
        .hasMessageContaining("--fresh");
  }

  private QuickstartSettings settings(Path out, long steps, int n) {
    return new QuickstartSettings(
        out,
        0,
        steps,
        n,
        null,
        false,
        200,
        "tiny",
        TINY,
        8,
        2,
        new QuickstartSettings.Generation("euler", 2, 1.0, 0, 16),
        dir.resolve("classifier"),
        new TrainingSettings(1, 64, 1e-3f, 1, 0, 0));
  }

  private static String run(QuickstartSettings settings) {
    StringWriter text = new StringWriter();
    new Quickstart(settings, new PrintWriter(text, true), () -> TrainingListener.NONE).run();
    return text.toString();
  }

  private static double number(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    assertThat(m.find()).as("%s in the report", regex).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
