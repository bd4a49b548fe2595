package dev.beamdiff.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart written as PNG (loss curves, schedules, error-vs-steps plots), drawn with
 * JFreeChart. Build it with {@link #series}, then {@link #write}. Series are drawn 2 px wide in the
 * colour-blind-safe palette of Okabe &amp; Ito (2008); logarithmic axes are labelled at whole
 * powers of ten.
 */
public final class LineChart {
  /** Okabe–Ito colours (yellow left out: it vanishes on white), then black and grey. */
  static final List<Color> PALETTE =
      List.of(
          new Color(0x0072B2),
          new Color(0xD55E00),
          new Color(0x009E73),
          new Color(0xCC79A7),
          new Color(0xE69F00),
          new Color(0x56B4E9),
          Color.BLACK,
          Color.GRAY);

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<XYSeries> series = new ArrayList<>();
  private boolean logX;
  private boolean logY;
  private boolean markers;

  public LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a named series of points; {@code x} and {@code y} have equal length. */
  public LineChart series(String name, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + name + "': " + x.length + " x values but " + y.length + " y values");
    }
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        s.add(x[i], y[i]);
      }
    }
    series.add(s);
    return this;
  }

  /** Logarithmic x and/or y axis (non-positive values are not drawn). */
  public LineChart logAxes(boolean logX, boolean logY) {
    this.logX = logX;
    this.logY = logY;
    return this;
  }

  /** Draws a marker at every point (for short series such as error vs steps). */
  public LineChart markers(boolean markers) {
    this.markers = markers;
    return this;
  }

  /** Renders to a PNG of the given size, creating parent folders. */
  public Path write(Path file, int width, int height) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(data::addSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, axis(xLabel, logX), axis(yLabel, logY), renderer);
    plot.setBackgroundPaint(java.awt.Color.WHITE);
    plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
    JFreeChart chart =
        new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1);
    chart.setBackgroundPaint(java.awt.Color.WHITE);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + file, e);
    }
    return file;
  }

  private static ValueAxis axis(String label, boolean log) {
    if (log) {
      LogAxis axis = new LogAxis(label);
      axis.setSmallestValue(1e-300);
      // Tick units are exponents: only whole powers of ten (every 1, 2, 5 or 10 decades).
      TickUnits decades = new TickUnits();
      for (double unit : new double[] {1, 2, 5, 10, 20, 50}) {
        decades.add(new NumberTickUnit(unit));
      }
      axis.setStandardTickUnits(decades);
      return axis;
    }
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    return axis;
  }
}
