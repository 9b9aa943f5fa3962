package org.bankdata.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.ChartReport;

/** Prints the three answers and the Spearman coefficient in the chosen format. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static void print(ChartReport report, String coverage, OutputFormat format, PrintWriter out) {
        switch (format) {
            case table -> {
                for (ChartQuery chart : ChartQuery.values()) {
                    out.println();
                    out.println(chart.title() + " — " + coverage + "  [" + chart.table() + "]");
                    out.print(ResultPrinter.table(report.charts().get(chart)));
                }
                out.println();
                out.println(spearmanLine(report));
            }
            case csv -> {
                for (ChartQuery chart : ChartQuery.values()) {
                    out.println("# " + chart.table() + " (" + coverage + ")");
                    out.print(ResultPrinter.csv(report.charts().get(chart)));
                    out.println();
                }
                out.println("# " + spearmanLine(report));
            }
            case json -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("quarters", coverage);
                for (ChartQuery chart : ChartQuery.values()) {
                    json.put(chart.table(), ResultPrinter.asObjects(report.charts().get(chart)));
                }
                json.put("spearman_services_vs_complaints", report.spearman());
                json.put("institutions_with_fees_and_complaints", report.institutions());
                try {
                    out.println(ResultPrinter.JSON.writeValueAsString(json));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        out.flush();
    }

    private static String spearmanLine(ChartReport report) {
        if (report.spearman() == null) {
            return "Spearman correlation, services offered vs complaints: not enough institutions ("
                    + report.institutions() + ") with both fees and complaints";
        }
        return String.format(Locale.ROOT, "Spearman correlation, services offered vs complaints: %.3f (%d institutions"
                + " with both fees and complaints)", report.spearman(), report.institutions());
    }
}
