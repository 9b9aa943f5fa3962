package org.bankdata.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.bankdata.errors.LakeException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG plot of wall time against scale (both axes logarithmic), one line per engine. */
final class BenchPlot {
    private BenchPlot() {
    }

    private static LogAxis powersOfTen(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(0.1);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return axis;
    }

    static void write(List<ScaleResult> results, Path png) {
        XYSeries spark = new XYSeries("Spark pipeline (bankdata run)");
        XYSeries duck = new XYSeries("DuckDB-only reference");
        for (ScaleResult r : results) {
            spark.add(r.scale(), r.sparkSeconds());
            duck.add(r.scale(), r.referenceSeconds());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(spark);
        data.addSeries(duck);
        LogAxis x = powersOfTen("scale (× the bundled data)");
        LogAxis y = powersOfTen("wall time, JVM start to exit (s, median)");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0xE2, 0x5A, 0x1C));
        renderer.setSeriesPaint(1, new Color(0x1F, 0x5F, 0xA8));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("bankdata: wall time vs scale (2 cores)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 500);
        } catch (IOException e) {
            throw new LakeException("cannot write the plot " + png + ": " + e.getMessage(), e);
        }
    }
}
