package dev.beamdiff.pipelines.quickstart;

import dev.beamdiff.pipelines.evaluate.EvaluationReport;
import dev.beamdiff.pipelines.generate.GenerationReport;
import dev.beamdiff.train.MetricsLog;
import dev.beamdiff.train.StepMetrics;
import dev.beamdiff.transforms.avro.ImageShards;
import dev.beamdiff.transforms.avro.ShardManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: the sample grid (one row per class), the loss curve, FD and KID of the
 * generated images next to those of N training images, training and generation throughput, the time
 * of each stage and the commands that redo each stage by hand. The PNGs sit next to it ({@code
 * grid.png}, {@code train/loss.png}), linked relatively, so the folder can be moved whole.
 */
final class QuickstartReport {
  static final String FILE_NAME = "report.html";
  static final String GRID = "grid.png";

  private QuickstartReport() {}

  /** Writes the grid and the report from the stages' outputs; returns the report's path. */
  static Path write(QuickstartSettings s, List<StageLog.StageRecord> stages) {
    ShardManifest manifest = ImageShards.open(s.trainShards().toString()).manifest().orElseThrow();
    int classes = manifest.classes().size();
    ClassRowsGrid.write(
        s.generatedDir(),
        s.n(),
        classes,
        s.unet().inChannels(),
        s.unet().imageSize(),
        s.out().resolve(GRID));
    EvaluationReport generated =
        EvaluateStage.report(s, EvaluateStage.GENERATED_REPORT).orElseThrow();
    EvaluationReport reference =
        EvaluateStage.report(s, EvaluateStage.REFERENCE_REPORT).orElseThrow();
    GenerationReport generation = GenerateStage.report(s).orElseThrow();
    List<StepMetrics> metrics;
    try {
      metrics = MetricsLog.read(s.trainDir().resolve("metrics.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the training metrics: " + e.getMessage(), e);
    }
    StepMetrics last = metrics.get(metrics.size() - 1);
    double trainImagesPerSecond = last.step() * (double) s.batch() / last.trainingSeconds();

    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>BeamDiff quickstart</title>\n<style>")
        .append("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;")
        .append("text-align:left}td.n{text-align:right}pre{background:#f4f4f4;padding:.6em;")
        .append("overflow-x:auto}img{image-rendering:pixelated}</style></head><body>\n")
        .append("<h1>BeamDiff quickstart: Fashion-MNIST</h1>\n");
    h.append("<h2>Samples</h2>\n<p>")
        .append(classes > 0 ? "One row per class, top to bottom: " : "")
        .append(
            escape(
                String.join(
                    ", ",
                    manifest.classes().stream().map(ShardManifest.ClassCount::name).toList())))
        .append(
            escape(
                String.format(
                    ". %s, %d steps, guidance %s, EMA weights of %s.",
                    generation.request.sampler,
                    generation.request.steps,
                    generation.request.guidance,
                    generation.request.checkpointFile)))
        .append("</p>\n")
        .append("<img src=\"")
        .append(GRID)
        .append("\" alt=\"generated samples, one row per class\">\n");
    h.append("<h2>Quality</h2>\n<table><tr><th></th><th>FD (fmnist features)</th><th>KID</th>")
        .append("<th>images</th></tr>\n");
    row(h, "generated", generated);
    row(h, "training images (reference)", reference);
    h.append("</table>\n<p>Both against the ")
        .append(String.format("%,d", reference.real.n == null ? 0 : reference.real.n))
        .append(
            " test images. The training images show the FD a perfect model would get with the"
                + " same number of images (FD is biased upwards at small N).</p>\n");
    h.append("<h2>Training</h2>\n<img src=\"train/loss.png\" alt=\"loss curve\" width=\"640\">\n")
        .append("<table>\n");
    pair(h, "network", s.network() + ", " + s.unet().numClasses() + " classes");
    pair(h, "steps", String.format("%,d (batch %d)", last.step(), s.batch()));
    pair(h, "final loss", String.format("%.4f", last.loss()));
    pair(h, "training", String.format("%.1f images/s", trainImagesPerSecond));
    pair(h, "generation", String.format("%.1f images/s", generation.imagesPerSecond));
    h.append("</table>\n<h2>Stages</h2>\n<table><tr><th>stage</th><th>time</th><th>this run</th>")
        .append("<th>reproduce</th></tr>\n");
    for (StageLog.StageRecord stage : stages) {
      h.append("<tr><td>")
          .append(escape(stage.name()))
          .append("</td><td class=\"n\">")
          .append(Double.isNaN(stage.seconds()) ? "?" : String.format("%.1f s", stage.seconds()))
          .append("</td><td>")
          .append(stage.reused() ? "reused" : "ran")
          .append("</td><td><pre>")
          .append(escape(String.join("\n", stage.commands())))
          .append("</pre></td></tr>\n");
    }
    h.append("</table>\n<p>Everything at once: <code>")
        .append(escape(command(s)))
        .append("</code></p>\n</body></html>\n");
    Path file = s.out().resolve(FILE_NAME);
    Folders.write(file, h.toString());
    return file;
  }

  /** The quickstart command for these settings. */
  static String command(QuickstartSettings s) {
    StringBuilder c = new StringBuilder("./beamdiff quickstart");
    c.append(
        s.steps() > 0
            ? " --steps " + s.steps()
            : " --minutes " + String.format(Locale.ROOT, "%s", s.minutes()));
    c.append(" --n ").append(s.n()).append(" --out ").append(s.out());
    if (s.dataDir() != null) {
      c.append(" --data-dir ").append(s.dataDir());
    }
    return c.toString();
  }

  private static void row(StringBuilder h, String name, EvaluationReport r) {
    h.append("<tr><td>")
        .append(escape(name))
        .append("</td><td class=\"n\">")
        .append(String.format("%.4f", r.frechetDistance))
        .append("</td><td class=\"n\">")
        .append(
            r.kid == null
                ? "n/a"
                : String.format("%.5f ± %.5f", r.kid.mean, r.kid.standardDeviation))
        .append("</td><td class=\"n\">")
        .append(r.fake.n)
        .append("</td></tr>\n");
  }

  private static void pair(StringBuilder h, String name, String value) {
    h.append("<tr><th>")
        .append(escape(name))
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>\n");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
