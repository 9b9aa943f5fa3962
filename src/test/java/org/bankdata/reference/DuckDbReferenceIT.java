package org.bankdata.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.bankdata.catalog.ChartTables;
import org.bankdata.catalog.StarTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RunConfig;
import org.bankdata.generate.GenerateSpec;
import org.bankdata.generate.SyntheticDataGenerator;
import org.bankdata.lake.LakeLayout;
import org.bankdata.pipeline.PipelineRunner;
import org.bankdata.pipeline.Progress;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.RunIds;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.LakeQueryEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB-only reference on the bundled data gives the known answers, and on generated data it agrees
 * with the Spark pipeline run on the same files.
 */
class DuckDbReferenceIT {
    @TempDir
    Path tmp;

    @Test
    void bundledDataGivesTheKnownAnswers() throws SQLException {
        DuckDbReference.Result result = new DuckDbReference().build(new ReferenceInputs(BundledData.complaints(),
                BundledData.bankList(), BundledData.feeResponses(), tmp.resolve("ref"), BundledData.HOME.bundledConglomerateAliases()));
        Map<ChartQuery, List<List<Object>>> rows = result.answers().rows();
        assertThat(rows.get(ChartQuery.TOP_COMPLAINTS).get(0))
                .containsExactly("CAIXA ECONÔMICA FEDERAL (conglomerado)", new BigDecimal("138458"));
        assertThat(rows.get(ChartQuery.TOP_FREE_SERVICES).get(0)).containsExactly("BANCO VIPAL S.A.", new BigDecimal("63"));
        assertThat(rows.get(ChartQuery.SERVICES_VS_COMPLAINTS)).hasSize(67);
        assertThat(result.rows()).containsEntry("dim_institution", 177L).containsEntry("curated_complaints", 892L)
                .containsEntry("curated_service_fees", 1837L).containsEntry("curated_bank_list", 1474L);
        assertThat(tmp.resolve("ref/fact_complaints.parquet")).exists();
        // the conformance in SQL alone: 46 conglomerates matched by name, 10 by the alias file, 31 unmatched (as the
        // Java conformance, ConglomerateConformanceTest)
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE matched_by = 'name'), count(*) FILTER (WHERE"
                        + " matched_by = 'alias'), count(*) FILTER (WHERE matched_by IS NULL),"
                        + " string_agg(segment, ',' ORDER BY conglomerate_name) FILTER (WHERE conglomerate_name IN"
                        + " ('BB (conglomerado)', 'ITAU (conglomerado)', 'SAFRA (conglomerado)')) FROM read_parquet('"
                        + tmp.resolve("ref/conform_conglomerates.parquet") + "')")) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).containsExactly(46L, 10L, 31L);
            assertThat(rs.getString(4)).isEqualTo("S1,S1,S2");
        }
        assertThat(result.rows()).containsEntry("dim_institution_name", 892L).containsEntry("conform_conglomerates", 87L);
        // the reference builds the star schema and charts the catalog declares, column for column
        for (TableDef table : Stream.concat(StarTables.ALL.stream(), ChartTables.ALL.stream()).toList()) {
            assertThat(parquetColumns(tmp.resolve("ref/" + table.name() + ".parquet"))).as(table.name())
                    .containsExactlyElementsOf(table.columnNames());
        }
    }

    private static List<String> parquetColumns(Path file) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
            return columns;
        }
    }

    @Test
    void generatedScaleOneGivesTheSameAnswersInSparkAndDuckDb() {
        GenerateSpec data = new GenerateSpec(1, 42, tmp.resolve("gen"));
        new SyntheticDataGenerator(BundledData.HOME).generate(data);
        Path lake = tmp.resolve("lake");
        RunConfig config = new RunConfig(data.complaintsDir(), data.bankList(), FeesApiConfig.defaults(), data.feeResponses(), lake,
                "local[2]");
        new PipelineRunner(Progress.quiet()).run(new RunContext(config, TestSpark.session(), RunIds.next()), Map.of());
        ChartAnswers spark;
        try (LakeQueryEngine engine = LakeQueryEngine.open(new LakeLayout(lake), QuarterRange.ALL)) {
            spark = ChartAnswers.of(engine::chart);
            assertThat(engine.query("SELECT count(*) FROM curated_complaints").rows().get(0).get(0)).isEqualTo(892L);
            assertThat(engine.query("SELECT count(*) FROM quarantine").rows().get(0).get(0)).isEqualTo(0L);
        }
        ChartAnswers duck = new DuckDbReference().build(new ReferenceInputs(data.complaintsDir(), data.bankList(),
                data.feeResponses(), tmp.resolve("ref"))).answers();
        assertThat(spark.rows().get(ChartQuery.SERVICES_VS_COMPLAINTS)).hasSizeGreaterThan(50);
        assertThat(spark.rows().get(ChartQuery.TOP_COMPLAINTS).get(0).get(0).toString()).contains(" G0");
        assertThat(spark.differences(duck, "Spark", "DuckDB")).isEmpty();
        assertThat(spark).isEqualTo(duck);
    }
}
