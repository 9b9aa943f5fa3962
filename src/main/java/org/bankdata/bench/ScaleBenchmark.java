package org.bankdata.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.bankdata.config.BankdataHome;

/** Runs the bench and publishes its figures: the Markdown table (into the doc) and the PNG plot next to it. */
public final class ScaleBenchmark {
    private static final String PLOT = "img/bench-scale.png";

    private final BankdataHome home;
    private final PrintWriter progress;

    public ScaleBenchmark(BankdataHome home, PrintWriter progress) {
        this.home = home;
        this.progress = progress;
    }

    /** Measures, then writes the doc section and the plot when {@code doc} is not null; returns the Markdown. */
    public String measure(BenchSpec spec, Path doc) {
        List<ScaleResult> results = new ScaleBench(home, progress).run(spec);
        String markdown = BenchReport.markdown(results, spec, PLOT);
        if (doc != null) {
            BenchPlot.write(results, doc.toAbsolutePath().getParent().resolve(PLOT));
            BenchReport.writeInto(doc, markdown);
        }
        return markdown;
    }
}
