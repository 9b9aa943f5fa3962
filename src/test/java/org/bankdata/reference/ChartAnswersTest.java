package org.bankdata.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.QueryResult;
import org.junit.jupiter.api.Test;

class ChartAnswersTest {
    private static ChartAnswers answers(long caixa, String free) {
        return ChartAnswers.of(chart -> switch (chart) {
            case TOP_COMPLAINTS -> new QueryResult(List.of("institution_key", "institution_name", "total_complaints"),
                    List.of(List.of(99L, "CAIXA", caixa), List.of(98L, "BRADESCO", 5L)));
            case TOP_FREE_SERVICES -> new QueryResult(List.of("institution_key", "institution_name", "free_services"),
                    List.of(List.of(7L, free, 63L)));
            case SERVICES_VS_COMPLAINTS -> new QueryResult(List.of("institution_key", "institution_name", "services",
                    "total_complaints"), List.of());
            default -> new QueryResult(List.of("institution_key", "institution_name"), List.of());
        });
    }

    @Test
    void keysAreIgnoredAndNumbersCompareByValue() {
        ChartAnswers a = answers(138458, "VIPAL");
        ChartAnswers fromJson = ChartAnswers.ofRows(Map.of(
                ChartQuery.TOP_COMPLAINTS, List.of(List.of("CAIXA", new BigDecimal("138458")), List.of("BRADESCO", 5)),
                ChartQuery.TOP_FREE_SERVICES, List.of(List.of("VIPAL", new BigDecimal("63.0"))),
                ChartQuery.SERVICES_VS_COMPLAINTS, List.of(), ChartQuery.COMPLAINTS_TREND, List.of(),
                ChartQuery.COMPLAINT_INDEX, List.of(), ChartQuery.SERVICE_FEE, List.of()));
        assertThat(a.differences(fromJson, "a", "b")).isEmpty();
        assertThat(a).isEqualTo(fromJson);
    }

    @Test
    void differencesNameTheChartRowAndBothValues() {
        List<String> diffs = answers(138458, "VIPAL").differences(answers(138457, "JOHN DEERE"), "Spark", "DuckDB");
        assertThat(diffs).containsExactly(
                "chart_top_complaints row 1: Spark [CAIXA, 138458], DuckDB [CAIXA, 138457]",
                "chart_top_free_services row 1: Spark [VIPAL, 63], DuckDB [JOHN DEERE, 63]");
    }
}
