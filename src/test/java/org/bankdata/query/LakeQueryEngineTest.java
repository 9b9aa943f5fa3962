package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB over a published lake of hand-made Parquet files (see {@link TinyLake}). */
class LakeQueryEngineTest {
    @TempDir
    static Path root;

    static LakeLayout layout;

    @BeforeAll
    static void lake() throws Exception {
        layout = TinyLake.publish(root);
    }

    private static List<List<Object>> withoutKeys(QueryResult result) {
        return result.rows().stream().map(r -> r.subList(1, r.size())).toList();
    }

    @Test
    void publishedTablesAreViewsWithPlainJavaValues() {
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, QuarterRange.ALL)) {
            QueryResult result = engine.query("SELECT institution_key, valid_from, max_fee, person_type FROM fact_service_fee"
                    + " WHERE institution_key = 1 AND service_key = 2 ORDER BY valid_from");

            assertThat(result.columns()).containsExactly("institution_key", "valid_from", "max_fee", "person_type");
            assertThat(result.rows()).containsExactly(
                    Arrays.asList(1L, LocalDate.of(2020, 1, 1), new BigDecimal("0.00"), "J"),
                    Arrays.asList(1L, LocalDate.of(2021, 1, 1), new BigDecimal("5.00"), "J"));
            assertThat(engine.query("SELECT count(*) AS n FROM fact_complaints").rows()).containsExactly(List.of(6L));
            assertThat(engine.snapshot().runId()).isEqualTo(TinyLake.RUN_ID);
        }
    }

    @Test
    void withoutARangeTheChartsAreThePublishedTables() {
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, QuarterRange.ALL)) {
            assertThat(withoutKeys(engine.chart(ChartQuery.TOP_COMPLAINTS))).containsExactly(
                    Arrays.asList("Delta", 100L), Arrays.asList("Alfa", 15L), Arrays.asList("Beta", 15L),
                    Arrays.asList("Gama", 15L));
        }
    }

    @Test
    void withARangeTheChartsAreRecomputedForThoseQuarters() {
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, QuarterRange.of("2020Q2", "2020Q2"))) {
            assertThat(withoutKeys(engine.chart(ChartQuery.TOP_COMPLAINTS))).containsExactly(
                    Arrays.asList("Gama", 15L), Arrays.asList("Beta", 8L), Arrays.asList("Alfa", 5L));
            assertThat(withoutKeys(engine.chart(ChartQuery.TOP_FREE_SERVICES))).containsExactly(
                    Arrays.asList("Alfa", 1L));
            assertThat(withoutKeys(engine.chart(ChartQuery.SERVICES_VS_COMPLAINTS))).containsExactly(
                    Arrays.asList("Alfa", 2L, 5L), Arrays.asList("Beta", 1L, 8L));
        }
    }

    @Test
    void withARangeTheNewQuestionsAreRecomputedWithTheirSettings() {
        QuarterRange q2 = QuarterRange.of("2020Q2", "2020Q2");
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, q2)) {
            // 2020Q2 alone: Gama 15, Beta 8, Alfa 5; the top 2 are followed.
            assertThat(withoutKeys(engine.query(ChartQuery.COMPLAINTS_TREND.sql(q2, Integer.MAX_VALUE, InstitutionFilter.NONE,
                    "2")))).containsExactly(Arrays.asList("Gama", 1, 20202, "2020Q2", 15L),
                    Arrays.asList("Beta", 2, 20202, "2020Q2", 8L));
            // Four million clients or more: Gama alone; with no line, Beta and Gama tie at 3.00 and share rank 1.
            assertThat(withoutKeys(engine.chart(ChartQuery.COMPLAINT_INDEX))).extracting(r -> r.get(0)).containsExactly("Gama");
            assertThat(withoutKeys(engine.query(ChartQuery.COMPLAINT_INDEX.sql(q2, Integer.MAX_VALUE, InstitutionFilter.NONE,
                    "0")))).extracting(r -> r.get(0) + " " + r.get(3)).containsExactly("Beta 1", "Gama 1", "Alfa 3");
            // s1 is offered by three institutions, s2 by two; Delta has no complaints in 2020Q2.
            assertThat(withoutKeys(engine.chart(ChartQuery.SERVICE_FEE))).extracting(r -> r.get(0) + " " + r.get(1))
                    .containsExactly("Beta s1", "Alfa s1");
            assertThat(withoutKeys(engine.query(ChartQuery.SERVICE_FEE.sql(q2, Integer.MAX_VALUE, InstitutionFilter.NONE,
                    "s2")))).extracting(r -> r.get(0) + " " + r.get(5)).containsExactly("Alfa 5.00");
        }
    }

    @Test
    void reportOverTheWholeRangeHasTheHandComputedSpearman() {
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, QuarterRange.of("2020Q1", "2020Q2"))) {
            ChartReport report = ChartReport.of(engine, QuarterRange.of("2020Q1", "2020Q2"));

            // services 2, 1, 3 -> ranks 2, 1, 3; complaints 15, 15, 100 -> ranks 1.5, 1.5, 3
            // dx = 0, -1, 1; dy = -0.5, -0.5, 1; rho = 1.5 / sqrt(2 * 1.5) = sqrt(3) / 2
            assertThat(report.institutions()).isEqualTo(3);
            assertThat(report.spearman()).isCloseTo(Math.sqrt(3) / 2, org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void badSqlIsBadInputListingTheTables() {
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, QuarterRange.ALL)) {
            assertThatThrownBy(() -> engine.query("SELECT * FROM no_such_table"))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("no_such_table")
                    .hasMessageContaining("fact_complaints");
        }
    }

    @Test
    void emptyLakeIsALakeError(@TempDir Path empty) {
        assertThatThrownBy(() -> LakeQueryEngine.open(new LakeLayout(empty), QuarterRange.ALL))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("nothing is published");
    }
}
