package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bankdata.config.QuarterRange;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.ChartReport;
import org.bankdata.query.QueryResult;
import org.junit.jupiter.api.Test;

class ReportPrinterTest {
    private static final long KEY = 7510374909018285005L;
    private static final ChartReport REPORT;

    static {
        Map<ChartQuery, QueryResult> charts = new EnumMap<>(ChartQuery.class);
        charts.put(ChartQuery.TOP_COMPLAINTS, new QueryResult(List.of("institution_key", "institution_name", "total_complaints"),
                List.of(List.of(KEY, "CAIXA ECONÔMICA FEDERAL (conglomerado)", 138_458L))));
        charts.put(ChartQuery.TOP_FREE_SERVICES, new QueryResult(List.of("institution_key", "institution_name", "free_services"),
                List.of(List.of(-3L, "BANCO VIPAL S.A.", 63L))));
        charts.put(ChartQuery.SERVICES_VS_COMPLAINTS, new QueryResult(
                List.of("institution_key", "institution_name", "services", "total_complaints"),
                List.of(List.of(-3L, "BANCO VIPAL S.A.", 70L, 5L))));
        charts.put(ChartQuery.COMPLAINTS_TREND, new QueryResult(List.of("institution_key", "institution_name", "complaints_rank",
                "period_key", "quarter", "total_complaints"), List.of()));
        charts.put(ChartQuery.COMPLAINT_INDEX, new QueryResult(List.of("institution_key", "institution_name", "index_rank",
                "complaint_index"), List.of()));
        charts.put(ChartQuery.SERVICE_FEE, new QueryResult(List.of("institution_key", "institution_name", "service_code",
                "fee_type", "max_fee"), List.of()));
        REPORT = new ChartReport(QuarterRange.ALL, charts, null, 1);
    }

    private static String printed(OutputFormat format, boolean keys) {
        StringWriter text = new StringWriter();
        ReportPrinter.print(REPORT, "2020Q1–2021Q4 (8 quarters)", format, keys, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void feeAnswersNameTheConglomeratesWithNoFeeData() {
        QueryResult none = new QueryResult(List.of("institution_key", "institution_name", "total_complaints", "reason"),
                List.of(List.of(1L, "ITAU (conglomerado)", 67_213L, "no fee schedule of its main bank 60701190 in the fees answers"),
                        List.of(2L, "NUBANK (conglomerado)", 9L, "not matched to a prudential conglomerate of the bank list")));
        ChartReport report = new ChartReport(QuarterRange.ALL, REPORT.charts(), null, 1, none);
        StringWriter text = new StringWriter();
        ReportPrinter.print(report, "2020Q1–2021Q4 (8 quarters)", OutputFormat.table, false, new PrintWriter(text, true));
        String note = "note: no fee data for 2 ranked conglomerate(s), left out of this answer: ITAU (conglomerado),"
                + " NUBANK (conglomerado)";
        // once under each of the three fee answers (the one-service fee too), not under the complaints answers
        assertThat(text.toString().split(java.util.regex.Pattern.quote(note), -1)).hasSize(4);
        assertThat(text.toString().indexOf(note)).isGreaterThan(text.toString().indexOf("[chart_top_free_services]"));
        String trendToIndex = text.toString().substring(text.toString().indexOf("[chart_complaints_trend]"),
                text.toString().indexOf("[chart_service_fee]"));
        assertThat(trendToIndex).doesNotContain(note);
        assertThat(text.toString().lastIndexOf(note)).isGreaterThan(text.toString().indexOf("[chart_service_fee]"));
        assertThat(printed(OutputFormat.table, false)).doesNotContain("no fee data");
        StringWriter json = new StringWriter();
        ReportPrinter.print(report, "x", OutputFormat.json, false, new PrintWriter(json, true));
        assertThat(json.toString().substring(json.toString().indexOf("\"no_fee_data\""))).contains("\"ITAU (conglomerado)\"",
                "\"NUBANK (conglomerado)\"", "60701190");
    }

    @Test
    void tableLeadsWithNamesAndLeavesKeysOut() {
        String table = printed(OutputFormat.table, false);

        assertThat(table).contains("institution_name                        total_complaints\n")
                .contains("institution_name  free_services\n")
                .contains("institution_name  services  total_complaints\n")
                .doesNotContain("institution_key").doesNotContain(String.valueOf(KEY));
    }

    @Test
    void keysShowLastInTheTableWhenAskedFor() {
        String table = printed(OutputFormat.table, true);

        assertThat(table).contains("institution_name                        total_complaints      institution_key\n")
                .contains("CAIXA ECONÔMICA FEDERAL (conglomerado)            138458  " + KEY + "\n");
    }

    @Test
    void csvAndJsonKeepEveryColumnInThePublishedOrder() throws Exception {
        assertThat(printed(OutputFormat.csv, false)).contains("institution_key,institution_name,total_complaints\n"
                + KEY + ",\"CAIXA ECONÔMICA FEDERAL (conglomerado)\",138458\n");
        JsonNode json = new ObjectMapper().readTree(printed(OutputFormat.json, false));
        JsonNode first = json.get("chart_top_complaints").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("institution_key", "institution_name", "total_complaints");
        assertThat(first.get("institution_key").asText()).isEqualTo(String.valueOf(KEY));
        assertThat(first.get("institution_key").isTextual()).isTrue();
    }
}
