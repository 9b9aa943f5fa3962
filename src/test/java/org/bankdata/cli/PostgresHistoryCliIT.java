package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata run --history jdbc:postgresql://...} on a local lake: the run is recorded in Postgres (not in the
 * lake's runs/history.db), {@code runs} and {@code runs show} read it there, and a second identical run is skipped as
 * unchanged because Postgres says the first one succeeded with the same parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresHistoryCliIT {
    @TempDir
    static Path work;

    private LocalPostgres postgres;
    private String history;
    private Path lake;
    private Result first;

    @BeforeAll
    void runOnceWithThePostgresHistory() throws Exception {
        postgres = LocalPostgres.shared();
        try (Connection db = postgres.superuser()) {
            db.createStatement().execute("CREATE DATABASE shared_history");
        }
        history = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/shared_history?user=" + LocalPostgres.SUPERUSER
                + "&password=" + LocalPostgres.SUPERUSER_PASSWORD;
        TestSpark.session();
        lake = work.resolve("lake");
        first = run("--quiet");
    }

    private Result run(String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", lake.toString(), "--history", history));
        args.addAll(List.of(more));
        return InProcessCli.bankdata(args.toArray(String[]::new));
    }

    @Test
    void theRunIsRecordedInPostgresListedByRunsAndAnIdenticalRunIsSkipped() throws Exception {
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(lake.resolve("runs/history.db")).as("nothing in the lake's own file").doesNotExist();
        List<List<String>> stored = storedRuns();
        assertThat(stored).hasSize(1);
        String runId = stored.get(0).get(0);
        assertThat(stored.get(0)).containsExactly(runId, "succeeded", lake.toAbsolutePath().toString());

        Result listed = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--history", history, "--format", "json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        JsonNode runs = new ObjectMapper().readTree(listed.out());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("run_id").asText()).isEqualTo(runId);
        assertThat(runs.get(0).get("state").asText()).isEqualTo("succeeded");

        Result shown = InProcessCli.bankdata("runs", "show", runId, "--lake", lake.toString(), "--history", history,
                "--format", "csv");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out().lines().skip(1).map(l -> l.split(",")[0] + " " + l.split(",")[1]).toList()).containsExactly(
                "extract_complaints succeeded", "extract_banks succeeded", "conform_conglomerates succeeded",
                "extract_fees succeeded",
                "build_dimensions succeeded", "build_facts succeeded", "build_charts succeeded", "check succeeded",
                "publish succeeded");

        Result second = run("--format", "csv");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).contains("run skipped: run " + runId);
        assertThat(storedRuns()).extracting(r -> r.get(1)).containsExactly("skipped", "succeeded");

        // the lake's own history knows nothing of it: the runs are in Postgres only
        Result local = InProcessCli.bankdata("runs", "--lake", lake.toString());
        assertThat(local.exit()).isEqualTo(2);
        assertThat(local.err()).startsWith("error: no run is recorded in lake " + lake);
    }

    @Test
    void aHistoryUrlWithoutAPasswordIsOneLineSayingHowToGiveIt() {
        String noPassword = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/shared_history?user=" + LocalPostgres.SUPERUSER;

        Result runs = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--history", noPassword);

        assertThat(runs.exit()).isEqualTo(1);
        assertThat(runs.err()).isEqualTo("error: the run history's Postgres at 127.0.0.1:" + postgres.port() + " asks user "
                + LocalPostgres.SUPERUSER + " for a password and none was given; give --password-file, or set"
                + " BANKDATA_HISTORY_PASSWORD (or PGPASSWORD), or add a line to ~/.pgpass (or the file PGPASSFILE names)\n");
    }

    /** The rows of {@code runs} as Postgres holds them, newest first: run id, state, lake. */
    private static PreparedStatement prepared(Connection db, String sql, String lake) throws java.sql.SQLException {
        PreparedStatement q = db.prepareStatement(sql);
        q.setString(1, lake);
        return q;
    }

    /** The runs of this class's lake as stored in Postgres (the database holds another lake's refused run too). */
    private List<List<String>> storedRuns() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection db = java.sql.DriverManager.getConnection(postgres.url().replace("/postgres", "/shared_history"),
                LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD);
                PreparedStatement q = prepared(db, "SELECT run_id, state, lake FROM runs WHERE lake = ? ORDER BY started_at DESC",
                        lake.toAbsolutePath().toString());
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rows.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    @Test
    void theCatalogIsInThePostgresDatabaseTooAndServesOneLakeOnly() throws Exception {
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(lake.resolve("catalog.db")).as("no SQLite catalog beside the lake").doesNotExist();
        List<String> tables = new ArrayList<>();
        try (Connection db = java.sql.DriverManager.getConnection(postgres.url().replace("/postgres", "/shared_history"),
                LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD);
                PreparedStatement q = db.prepareStatement("SELECT table_namespace || '.' || table_name FROM iceberg_tables"
                        + " WHERE catalog_name = 'bankdata' ORDER BY 1");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("bankdata.dim_institution", "bankdata.fact_complaints", "bankdata.chart_top_complaints");

        Result printed = InProcessCli.bankdata("catalog", "--lake", lake.toString(), "--history", history);
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out()).contains("spark.sql.catalog.bankdata.uri jdbc:postgresql://127.0.0.1:" + postgres.port()
                + "/shared_history").doesNotContain(LocalPostgres.SUPERUSER_PASSWORD);

        Path other = work.resolve("another-lake");
        Result second = InProcessCli.bankdata("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", other.toString(), "--history", history, "--quiet");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("the Iceberg catalog in jdbc:postgresql://127.0.0.1:" + postgres.port()
                + "/shared_history").contains("already holds the tables of another lake")
                .contains("needs a catalog of its own").doesNotContain(LocalPostgres.SUPERUSER_PASSWORD);
    }
}
