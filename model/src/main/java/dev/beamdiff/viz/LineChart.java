package dev.beamdiff.viz;

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
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart written as PNG (loss curves, schedules, error-vs-steps plots), drawn with
 * JFreeChart. Build it with {@link #series}, then {@link #write}.
 */
public final class LineChart {
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
      return axis;
    }
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    return axis;
  }
}
