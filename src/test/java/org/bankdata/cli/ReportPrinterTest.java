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
