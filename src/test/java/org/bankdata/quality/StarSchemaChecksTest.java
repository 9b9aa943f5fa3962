package org.bankdata.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.HandWrittenTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.query.LakeQueryEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks derived from the catalog: every check the hand-written list had, and SQL DuckDB runs. */
class StarSchemaChecksTest {
    @TempDir
    Path root;

    /** The names and severities of the checks before they were derived from the catalog (the chart row limit was one check). */
    private static final Map<String, Check.Severity> BEFORE = Map.ofEntries(
            Map.entry("dim_institution unique (institution_key)", Check.Severity.ERROR),
            Map.entry("dim_institution.institution_key not null", Check.Severity.ERROR),
            Map.entry("dim_institution unique (cnpj8)", Check.Severity.ERROR),
            Map.entry("dim_institution.institution_type in (bank, conglomerate)", Check.Severity.ERROR),
            Map.entry("dim_institution.segment in (S1, S2, S3, S4, S5)", Check.Severity.ERROR),
            Map.entry("dim_period unique (period_key)", Check.Severity.ERROR),
            Map.entry("dim_category unique (category_key)", Check.Severity.ERROR),
            Map.entry("dim_category unique (category)", Check.Severity.ERROR),
            Map.entry("dim_service unique (service_key)", Check.Severity.ERROR),
            Map.entry("dim_service unique (service_code)", Check.Severity.ERROR),
            Map.entry("fact_complaints unique (institution_key, period_key)", Check.Severity.ERROR),
            Map.entry("fact_complaints.total_complaints not null", Check.Severity.ERROR),
            Map.entry("fact_complaints.institution_key -> dim_institution", Check.Severity.ERROR),
            Map.entry("fact_complaints.period_key -> dim_period", Check.Severity.ERROR),
            Map.entry("fact_complaints.category_key -> dim_category", Check.Severity.ERROR),
            Map.entry("fact_service_fee unique (institution_key, service_key, person_type, valid_from)", Check.Severity.ERROR),
            Map.entry("fact_service_fee.max_fee not null", Check.Severity.ERROR),
            Map.entry("fact_service_fee.valid_from not null", Check.Severity.ERROR),
            Map.entry("fact_service_fee.institution_key -> dim_institution", Check.Severity.ERROR),
            Map.entry("fact_service_fee.service_key -> dim_service", Check.Severity.ERROR),
            Map.entry("fact_service_fee.fee_type in (Real, Percentual)", Check.Severity.ERROR),
            Map.entry("fact_service_fee.person_type in (J, F)", Check.Severity.ERROR),
            Map.entry("fact_complaints reconciles with curated_complaints", Check.Severity.ERROR),
            Map.entry("each quarter comes from one ranking file (keep one file per quarter)", Check.Severity.ERROR),
            Map.entry("total complaints = regulated upheld + regulated other + unregulated", Check.Severity.WARN),
            Map.entry("chart_top_complaints holds at most 10 rows", Check.Severity.ERROR),
            Map.entry("chart_top_free_services holds at most 10 rows", Check.Severity.ERROR));

    @Test
    void everyCheckOfTheHandWrittenListIsStillRunWithItsSeverity() {
        Map<String, Check.Severity> derived = StarSchemaChecks.all().stream()
                .collect(Collectors.toMap(Check::name, Check::severity));
        assertThat(derived).containsAllEntriesOf(BEFORE);
        assertThat(derived).hasSizeGreaterThan(BEFORE.size());
    }

    @Test
    void checkNamesAreUnique() {
        List<String> names = StarSchemaChecks.all().stream().map(Check::name).toList();
        assertThat(names).doesNotHaveDuplicates();
    }

    /**
     * Every derived check runs in DuckDB over empty Parquet tables shaped by the catalog's DuckDB types: the SQL is
     * valid and names only declared columns; empty tables break no rule.
     */
    @Test
    void everyCheckRunsOverTablesOfTheDeclaredShape() throws Exception {
        LakeLayout layout = new LakeLayout(root);
        List<PublishedTable> tables = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (TableDef table : Tables.all()) {
                Path dir = HandWrittenTables.folder(layout, table.name(), "r1");
                String columns = table.columns().stream().map(StarSchemaChecksTest::emptyColumn).collect(Collectors.joining(", "));
                st.execute("COPY (SELECT " + columns + " LIMIT 0) TO '" + dir.resolve("part-0.parquet") + "' (FORMAT PARQUET)");
                tables.add(HandWrittenTables.of(layout, table.name(), dir, 0, "r1"));
            }
        }
        try (LakeQueryEngine engine = LakeQueryEngine.openTables(layout, tables)) {
            List<CheckResult> results = CheckRunner.run(engine, StarSchemaChecks.all());
            assertThat(results).hasSameSizeAs(StarSchemaChecks.all()).allMatch(CheckResult::passed);
        }
    }

    /**
     * CAIXA's two 2021 quarters at 9223372036854775000 complaints and its other rows at 117,936: Spark's BIGINT sum
     * wraps to 116,320 (2 × 9223372036854775000 + 117936 − 2⁶⁴), the chart the issue saw published. The bound on
     * counts and the chart's reconciliation with fact_complaints (summed exactly in DuckDB) each refuse it.
     */
    @Test
    void countsAboveTheBoundAndAChartSumThatOverflowedAreRefused() throws Exception {
        long huge = 9_223_372_036_854_775_000L;
        assertThat(huge + huge + 117_936L).as("a BIGINT sum wraps").isEqualTo(116_320L);
        LakeLayout layout = new LakeLayout(root);
        List<PublishedTable> tables = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (TableDef table : Tables.all()) {
                Path dir = HandWrittenTables.folder(layout, table.name(), "r1");
                String columns = table.columns().stream().map(c -> switch (table.name() + "." + c.name()) {
                    case "fact_complaints.institution_key", "chart_top_complaints.institution_key" -> "CAST(7 AS BIGINT) AS " + c.name();
                    case "fact_complaints.period_key" -> "p AS period_key";
                    case "fact_complaints.total_complaints" -> "t AS total_complaints";
                    case "chart_top_complaints.institution_name" -> "'CAIXA' AS institution_name";
                    case "chart_top_complaints.total_complaints" -> "CAST(116320 AS BIGINT) AS total_complaints";
                    default -> emptyColumn(c);
                }).collect(Collectors.joining(", "));
                String from = switch (table.name()) {
                    case "fact_complaints" -> " FROM (VALUES (20213, " + huge + "), (20214, " + huge + "), (20201, 117936)) v(p, t)";
                    case "chart_top_complaints" -> "";
                    default -> " LIMIT 0";
                };
                st.execute("COPY (SELECT " + columns + from + ") TO '" + dir.resolve("part-0.parquet") + "' (FORMAT PARQUET)");
                tables.add(HandWrittenTables.of(layout, table.name(), dir, 0, "r1"));
            }
        }
        try (LakeQueryEngine engine = LakeQueryEngine.openTables(layout, tables)) {
            Map<String, CheckResult> failed = CheckRunner.run(engine, StarSchemaChecks.all()).stream()
                    .filter(r -> !r.passed()).collect(Collectors.toMap(r -> r.check().name(), r -> r));
            assertThat(failed).containsKeys("fact_complaints counts are at most 1,000,000,000 (the most the BCB can publish)",
                    "chart_top_complaints.total_complaints is the institution's sum of fact_complaints");
            assertThat(failed.get("fact_complaints counts are at most 1,000,000,000 (the most the BCB can publish)").violations())
                    .isEqualTo(2);
            assertThat(failed.get("chart_top_complaints.total_complaints is the institution's sum of fact_complaints").describe())
                    .contains("CAIXA: 116320 vs 18446744073709667936");
        }
    }

    private static String emptyColumn(ColumnDef column) {
        return "CAST(NULL AS " + column.type().duckDbType() + ") AS " + column.name();
    }
}
