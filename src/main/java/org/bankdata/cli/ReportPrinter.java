package org.bankdata.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.ChartReport;
import org.bankdata.query.NoFeeData;
import org.bankdata.query.QueryResult;
import org.bankdata.query.ServiceFeeSummary;

/**
 * Prints the answers and the Spearman coefficient in the chosen format. The table is for people:
 * it leads with the names and leaves out the internal keys (signed hashes) unless asked for them; CSV and
 * JSON are for programs and keep every column, in the published order.
 */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static void print(ChartReport report, String coverage, OutputFormat format, PrintWriter out) {
        print(report, coverage, format, false, out);
    }

    /** {@code keys}: show the key columns in the table format too (after the others). */
    static void print(ChartReport report, String coverage, OutputFormat format, boolean keys, PrintWriter out) {
        switch (format) {
            case table -> {
                for (ChartQuery chart : ChartQuery.values()) {
                    out.println();
                    out.println(chart.title() + " — " + coverage + "  [" + chart.table() + "]");
                    out.print(ResultPrinter.table(forPeople(report.charts().get(chart), keys)));
                    if (chart == ChartQuery.SERVICE_FEE) {
                        out.println(serviceFeeLine(report));
                    }
                    if (NoFeeData.appliesTo(chart) && !report.noFeeData().rows().isEmpty()) {
                        out.println(noFeeDataNote(report));
                    }
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
                out.println("# " + serviceFeeLine(report));
            }
            case json -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("quarters", coverage);
                for (ChartQuery chart : ChartQuery.values()) {
                    json.put(chart.table(), ResultPrinter.asObjects(report.charts().get(chart)));
                }
                json.put("spearman_services_vs_complaints", report.spearman());
                json.put("institutions_with_fees_and_complaints", report.institutions());
                json.put("no_fee_data", ResultPrinter.asObjects(report.noFeeData()));
                json.put("service_fee_summary", ServiceFeeSummary.of(report.charts().get(ChartQuery.SERVICE_FEE)));
                try {
                    out.println(ResultPrinter.JSON.writeValueAsString(json));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        out.flush();
    }

    /** "note: no fee data for 33 ranked conglomerates, left out of this answer: CAIXA ... (conglomerado), BB ..., ..." */
    static String noFeeDataNote(ChartReport report) {
        List<List<Object>> rows = report.noFeeData().rows();
        int name = report.noFeeData().columnIndex("institution_name");
        List<String> names = rows.stream().limit(8).map(r -> (String) r.get(name)).toList();
        return "note: no fee data for " + rows.size() + " ranked conglomerate(s), left out of this answer: "
                + String.join(", ", names) + (rows.size() > names.size() ? ", ..." : "")
                + " (see `bankdata query \"SELECT * FROM conform_conglomerates\"`)";
    }

    /** The columns ending in {@code _name} first, then the others, then the keys ({@code _key}) when asked for. */
    static QueryResult forPeople(QueryResult result, boolean keys) {
        List<Integer> order = new ArrayList<>();
        List<String> columns = result.columns();
        for (int pass = 0; pass < 3; pass++) {
            for (int c = 0; c < columns.size(); c++) {
                String name = columns.get(c);
                int kind = name.endsWith("_name") ? 0 : name.endsWith("_key") ? 2 : 1;
                if (kind == pass && (kind != 2 || keys)) {
                    order.add(c);
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            rows.add(order.stream().map(row::get).toList());
        }
        return new QueryResult(order.stream().map(columns::get).toList(), rows);
    }

    private static String serviceFeeLine(ChartReport report) {
        ServiceFeeSummary summary = ServiceFeeSummary.of(report.charts().get(ChartQuery.SERVICE_FEE));
        return summary == null ? "No institution in these quarters offers the service." : "Service " + summary.describe();
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
