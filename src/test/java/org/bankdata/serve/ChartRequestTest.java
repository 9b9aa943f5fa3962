package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.bankdata.query.ChartQuery;
import org.junit.jupiter.api.Test;

class ChartRequestTest {

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsAreThePublishedAnswers() {
        ChartRequest r = ChartRequest.parse("top-complaints", params());
        assertThat(r.chart()).isEqualTo(ChartQuery.TOP_COMPLAINTS);
        assertThat(r.range().isAll()).isTrue();
        assertThat(r.effectiveLimit()).isEqualTo(10);
        assertThat(r.sql().strip()).endsWith("LIMIT 10");
        ChartRequest scatter = ChartRequest.parse("services-vs-complaints", params("limit", "all", "from", ""));
        assertThat(scatter.sql()).doesNotContain("LIMIT");
    }

    @Test
    void scatterWithALimitKeepsTheMostComplainedAbout() {
        String sql = ChartRequest.parse("services-vs-complaints", params("limit", "5")).sql();
        assertThat(sql).contains("ORDER BY total_complaints DESC").endsWith("LIMIT 5");
    }

    @Test
    void filtersReachTheSql() {
        String sql = ChartRequest.parse("top-free-services", params("from", "2021Q1", "to", "2021q2", "type", "bank", "segment", "s4")).sql();
        assertThat(sql).contains("BETWEEN 20211 AND 20212").contains("i.institution_type = 'bank'").contains("i.segment = 'S4'");
    }

    @Test
    void badValuesAre400AndUnknownChartsAre404() {
        assertThatThrownBy(() -> ChartRequest.parse("top-complaints", params("limit", "501")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("1 to 500");
        assertThatThrownBy(() -> ChartRequest.parse("top-complaints", params("to", "2020Q1", "from", "2021Q1")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("from 2021Q1 is after to 2020Q1");
        assertThatThrownBy(() -> ChartRequest.parse("nope", params()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aQuarterOutsideTheAcceptedYearsIsA400GivingTheRange() {
        int nextYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1;
        assertThatThrownBy(() -> ChartRequest.parse("top-complaints", params("to", "0000Q1")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("to 0000Q1 is out of range: quarters go from 1900Q1 to " + nextYear + "Q4");
        assertThatThrownBy(() -> ChartRequest.parse("services-vs-complaints", params("from", "9999Q1")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("from 9999Q1 is out of range");
        assertThatThrownBy(() -> ChartRequest.parse("nope", params()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
