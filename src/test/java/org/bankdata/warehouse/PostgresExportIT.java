package org.bankdata.warehouse;

import org.bankdata.testing.LocalPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.ColumnType;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.cli.Main;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.WarehouseException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.HandWrittenTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.serve.BundledLake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bankdata export postgres} against a real Postgres server, from a lake the real pipeline published on
 * the bundled data: what Postgres holds equals what DuckDB reads from the same snapshot; constraints and comments
 * come from the declarations; a reload is atomic for readers; a failed load changes nothing; errors are one line.
 */
@Timeout(120)
class PostgresExportIT {
    private static LocalPostgres postgres;
    private static LakeLayout bundled;
    /** The bundled lake with fact_complaints cut to its earlier quarters: another snapshot, other counts. */
    private static LakeLayout trimmed;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        // the one class working in the server's own database "postgres"
        postgres = LocalPostgres.shared();
        bundled = new LakeLayout(BundledLake.published());
        trimmed = trimmedCopy(tmp.resolve("trimmed"));
        try (Connection c = postgres.superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE no_create LOGIN PASSWORD 'pw2'");
            st.execute("CREATE ROLE bi_reader LOGIN PASSWORD 'pw3'");
        }
    }

    @Test
    void loadsEveryTableWithTheCountsAndAnswersDuckDbReads() throws Exception {
        CliOutcome first = export(bundled, "--schema", "bankdata", "--grant-to", "bi_reader");
        assertThat(first.exit()).as(first.err()).isZero();
        Snapshot snapshot = new SnapshotStore(bundled).require();
        assertThat(first.out()).contains("loaded snapshot " + snapshot.runId() + " into schema bankdata on Postgres at 127.0.0.1:"
                + postgres.port());
        try (LakeQueryEngine duck = LakeQueryEngine.open(bundled, snapshot);
                Connection pg = DriverManager.getConnection(postgres.url(), "bi_reader", "pw3")) {
            int compared = 0;
            for (TableDef table : Tables.all()) {
                if (snapshot.table(table.name()) == null) {
                    continue;
                }
                // rows and, per column, non-null values: a NULL read as '' (or the reverse) would show here
                String counts = "SELECT count(*)" + table.columns().stream().map(c -> ", count(" + c.name() + ")")
                        .reduce("", String::concat) + " FROM ";
                List<Object> inDuck = duck.query(counts + table.name()).rows().get(0);
                assertThat(rows(pg, counts + "bankdata." + table.name()).get(0)).as(table.name()).isEqualTo(inDuck);
                compared++;
            }
            assertThat(compared).isEqualTo(snapshot.tables().size());
            for (ChartQuery chart : ChartQuery.values()) {
                List<List<Object>> answer = duck.query(chart.sql(QuarterRange.ALL)).rows();
                assertThat(answer).as(chart.slug()).isNotEmpty();
                assertThat(rows(pg, "SELECT * FROM bankdata." + PostgresDdl.answerViewName(chart))).as(chart.slug())
                        .isEqualTo(answer);
            }
            assertThat(rows(pg, "SELECT snapshot_id FROM bankdata.bankdata_load")).containsExactly(List.of(snapshot.runId()));
        }
    }

    @Test
    void aRunWithSinkExportsTheSnapshotItPublished() throws Exception {
        try (Connection c = postgres.superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE sink_target");
        }
        Path lake = BundledLake.copy(tmp.resolve("sink-lake"));
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/sink_target?user=" + LocalPostgres.SUPERUSER
                + "&password=" + LocalPostgres.SUPERUSER_PASSWORD;

        org.bankdata.cli.InProcessCli.Result run = org.bankdata.cli.InProcessCli.bankdata("run", "--only", "check",
                "--downstream", "--lake", lake.toString(), "--quiet", "--sink", "postgres:" + url);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain(LocalPostgres.SUPERUSER_PASSWORD).as("--quiet").doesNotContain("loaded snapshot");
        Snapshot published = new SnapshotStore(new LakeLayout(lake)).require();
        try (Connection pg = DriverManager.getConnection(url)) {
            assertThat(rows(pg, "SELECT snapshot_id FROM bankdata.bankdata_load")).containsExactly(List.of(published.runId()));
            assertThat(rows(pg, "SELECT count(*) FROM bankdata.fact_complaints").get(0).get(0))
                    .isEqualTo(published.table("fact_complaints").rows());
        }
    }

    @Test
    void keysForeignKeysNotNullTypesAndCommentsComeFromTheDeclarations() throws Exception {
        assertThat(export(bundled, "--schema", "declared").exit()).isZero();
        Snapshot snapshot = new SnapshotStore(bundled).require();
        try (Connection pg = postgres.superuser()) {
            for (TableDef table : Tables.all()) {
                if (snapshot.table(table.name()) == null) {
                    continue;
                }
                Map<String, List<Object>> columns = new HashMap<>();
                for (List<Object> row : rows(pg, "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                        + " col_description(a.attrelid, a.attnum) FROM pg_attribute a WHERE a.attrelid = 'declared."
                        + table.name() + "'::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
                    columns.put((String) row.get(0), row.subList(1, 4));
                }
                assertThat(columns.keySet()).as(table.name()).containsExactlyInAnyOrderElementsOf(table.columnNames());
                for (ColumnDef c : table.columns()) {
                    String type = c.type() == ColumnType.TIMESTAMP ? "timestamp with time zone" : c.type().postgresType();
                    assertThat(columns.get(c.name())).as(table.name() + "." + c.name())
                            .containsExactly(type, !c.nullable(), columns.get(c.name()).get(2));
                    assertThat((String) columns.get(c.name()).get(2)).as("comment").startsWith(c.description());
                }
                List<List<Object>> pk = rows(pg, "SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid"
                        + " AND a.attnum = ANY(k.conkey) WHERE k.contype = 'p' AND k.conrelid = 'declared." + table.name()
                        + "'::regclass");
                assertThat(pk.stream().map(r -> r.get(0)).toList()).as(table.name() + " key")
                        .containsExactlyInAnyOrderElementsOf(table.key());
                List<List<Object>> fks = rows(pg, "SELECT a.attname, k.confrelid::regclass::text FROM pg_constraint k JOIN pg_attribute a"
                        + " ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey) WHERE k.contype = 'f' AND k.conrelid = 'declared."
                        + table.name() + "'::regclass");
                assertThat(fks).as(table.name() + " foreign keys").containsExactlyInAnyOrderElementsOf(table.relationships()
                        .stream().map(r -> List.<Object>of(r.column(), "declared." + r.toTable())).toList());
                assertThat(rows(pg, "SELECT obj_description('declared." + table.name() + "'::regclass, 'pg_class')").get(0).get(0))
                        .asString().contains(table.grain());
            }
        }
    }

    @Test
    void exportingTheLoadedSnapshotAgainChangesNothing() throws Exception {
        assertThat(export(bundled, "--schema", "again").exit()).isZero();
        String before = fingerprint("again");
        CliOutcome second = export(bundled, "--schema", "again");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("already holds snapshot").contains("nothing changed");
        assertThat(fingerprint("again")).isEqualTo(before);
    }

    @Test
    void aReaderPollingDuringAReloadSeesTheOldOrTheNewTablesNeverHalf() throws Exception {
        assertThat(export(trimmed, "--schema", "reload").exit()).isZero();
        Map<String, Long> oldCounts = counts(trimmed);
        Map<String, Long> newCounts = counts(bundled);
        assertThat(oldCounts.get("fact_complaints")).isLessThan(newCounts.get("fact_complaints"));
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong polls = new AtomicLong();
        AtomicLong sawNew = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (Connection pg = postgres.superuser(); Statement st = pg.createStatement()) {
                while (!done.get()) {
                    for (String table : newCounts.keySet()) {
                        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM reload." + table)) {
                            rs.next();
                            long n = rs.getLong(1);
                            if (n != oldCounts.get(table) && n != newCounts.get(table)) {
                                wrong.add(table + " had " + n + " rows");
                            }
                            if (table.equals("fact_complaints") && n == newCounts.get(table)) {
                                sawNew.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            wrong.add(table + ": " + e.getMessage());
                        }
                        polls.incrementAndGet();
                    }
                }
            } catch (SQLException e) {
                wrong.add("reader connection: " + e.getMessage());
            }
        }, "reader");
        reader.start();
        Thread.sleep(200);
        CliOutcome reload = export(bundled, "--schema", "reload");
        Thread.sleep(200);
        done.set(true);
        reader.join(10_000);
        assertThat(reload.exit()).as(reload.err()).isZero();
        assertThat(wrong).isEmpty();
        assertThat(polls.get()).isGreaterThan(2L * newCounts.size());
        assertThat(sawNew.get()).isPositive();
    }

    @Test
    void aLoadFailingMidwayLeavesTheOldSchemaAsItWas() throws Exception {
        assertThat(export(trimmed, "--schema", "failing").exit()).isZero();
        String before = fingerprint("failing");
        WarehouseTarget target = target("failing");
        Snapshot snapshot = new SnapshotStore(bundled).require();
        List<String> copied = new ArrayList<>();
        PostgresLoader failsAfterTwo = new PostgresLoader(target, (table, rows) -> {
            copied.add(table);
            if (copied.size() == 2) {
                throw new IllegalStateException("injected failure after " + table);
            }
        });
        assertThatThrownBy(() -> failsAfterTwo.load(bundled, snapshot)).hasMessageContaining("injected failure");
        assertThat(fingerprint("failing")).isEqualTo(before);

        // the server drops the loader's connection midway (as when the server goes away)
        PostgresLoader connectionKilled = new PostgresLoader(target, (table, rows) -> {
            try (Connection admin = postgres.superuser(); Statement st = admin.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bankdata export'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> connectionKilled.load(bundled, snapshot)).isInstanceOf(WarehouseException.class)
                .hasMessageContaining("lost the connection to Postgres at 127.0.0.1:" + postgres.port())
                .hasMessageContaining("nothing was changed").hasMessageNotContaining("\n");
        assertThat(fingerprint("failing")).isEqualTo(before);
        assertThat(rows(postgres.superuser(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'failing__staging'").get(0))
                .containsExactly(0L);
    }

    @Test
    void wrongPasswordUnreachableServerMissingPrivilegeAndUnknownDatabaseAreOneLineNamingTheServer() throws Exception {
        assertThat(export(trimmed, "--schema", "errors").exit()).isZero();
        String before = fingerprint("errors");
        String server = "127.0.0.1:" + postgres.port() + "/postgres";

        CliOutcome wrongPassword = exportAs(trimmed, postgres.url(), "postgres", "not-the-password", "errors");
        assertOneLineError(wrongPassword, "Postgres at " + server + " refused the login of user postgres", "--password");
        assertThat(wrongPassword.err()).doesNotContain("not-the-password");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliOutcome unreachable = exportAs(trimmed, "jdbc:postgresql://127.0.0.1:" + closed + "/postgres", "postgres",
                LocalPostgres.SUPERUSER_PASSWORD, "errors");
        assertOneLineError(unreachable, "cannot reach Postgres at 127.0.0.1:" + closed + "/postgres (connection refused)",
                "check the host and port");

        CliOutcome noPrivilege = exportAs(trimmed, postgres.url(), "no_create", "pw2", "errors_other");
        assertOneLineError(noPrivilege, "user no_create lacks a privilege on Postgres at " + server,
                "GRANT CREATE ON DATABASE postgres TO no_create");

        CliOutcome notOwner = exportAs(bundled, postgres.url(), "no_create", "pw2", "errors");
        assertThat(notOwner.exit()).isEqualTo(1);
        assertThat(notOwner.err()).contains("Postgres at " + server);

        CliOutcome noDatabase = exportAs(trimmed, "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/nope", "postgres",
                LocalPostgres.SUPERUSER_PASSWORD, "errors");
        assertOneLineError(noDatabase, "database nope does not exist on Postgres at 127.0.0.1:" + postgres.port(), "--url");

        CliOutcome badUrl = exportAs(trimmed, "postgres://127.0.0.1/db", "postgres", "x", "errors");
        assertOneLineError(badUrl, "is not a Postgres JDBC URL", "jdbc:postgresql://HOST:5432/DATABASE");

        assertThat(fingerprint("errors")).isEqualTo(before);
        assertThat(rows(postgres.superuser(), "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'errors%'").get(0))
                .containsExactly(1L);
    }

    @Test
    void thePublicSchemaIsRefusedAndWithReplaceSchemaKeepsItsOwnerGrantsAndOtherTables() throws Exception {
        try (Connection c = postgres.superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE fresh_db");
        }
        String url = postgres.url().replace("/postgres", "/fresh_db");
        // empty, as Postgres 15 makes it: owned by pg_database_owner, USAGE for PUBLIC, its standard comment
        List<List<Object>> before = publicSchema(url);
        assertThat(before.get(0).get(0)).isEqualTo("pg_database_owner");
        assertThat((String) before.get(0).get(1)).contains("=U/pg_database_owner");

        CliOutcome refused = cli(List.of("export", "postgres", "--url", url, "--user", "postgres", "--password",
                LocalPostgres.SUPERUSER_PASSWORD, "--schema", "public", "--lake", trimmed.root().toString()));
        assertOneLineError(refused, "schema public on Postgres at 127.0.0.1:" + postgres.port() + "/fresh_db was not created"
                + " by bankdata", "--replace-schema");
        assertThat(publicSchema(url)).isEqualTo(before);
        assertThat(rowsIn(url, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")).isEqualTo(0L);

        try (Connection pg = DriverManager.getConnection(url, LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD);
                Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE public.kept (id int)");
            st.execute("INSERT INTO public.kept VALUES (7)");
        }

        for (LakeLayout lake : List.of(trimmed, bundled)) {
            CliOutcome replaced = cli(List.of("export", "postgres", "--url", url, "--user", "postgres", "--password",
                    LocalPostgres.SUPERUSER_PASSWORD, "--schema", "public", "--replace-schema", "--grant-to", "bi_reader",
                    "--lake", lake.root().toString()));
            assertThat(replaced.exit()).as(replaced.err()).isZero();
            assertThat(rowsIn(url, "SELECT count(*) FROM public.fact_complaints"))
                    .isEqualTo(new SnapshotStore(lake).require().table("fact_complaints").rows());
            List<List<Object>> after = publicSchema(url);
            assertThat(after.get(0).get(0)).as("owner").isEqualTo(before.get(0).get(0));
            assertThat(after.get(0).get(2)).as("comment").isEqualTo(before.get(0).get(2));
            // what was granted stays; the only grant added is the one asked for
            assertThat(after.get(0).get(1)).as("grants")
                    .isEqualTo(((String) before.get(0).get(1)).replace("}", ",bi_reader=U/pg_database_owner}"));
            assertThat(rowsIn(url, "SELECT id FROM public.kept")).as("a table bankdata did not load").isEqualTo(7);
        }
        try (Connection reader = DriverManager.getConnection(url, "bi_reader", "pw3")) {
            assertThat(rows(reader, "SELECT count(*) FROM public.answer_top_complaints").get(0).get(0)).isNotEqualTo(0L);
        }
        assertThat(rowsIn(url, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'public%'")).isEqualTo(1L);
    }

    @Test
    void aSchemaADbaCreatedIsRefusedAndKeptAsItWas() throws Exception {
        try (Connection c = postgres.superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA mart AUTHORIZATION no_create");
            st.execute("GRANT USAGE ON SCHEMA mart TO bi_reader");
        }
        CliOutcome refused = export(bundled, "--schema", "mart");
        assertOneLineError(refused, "schema mart on Postgres at 127.0.0.1:" + postgres.port() + "/postgres was not created"
                + " by bankdata", "--replace-schema");
        assertThat(rows(postgres.superuser(), "SELECT nspowner::regrole::text, nspacl::text FROM pg_namespace"
                + " WHERE nspname = 'mart'")).containsExactly(List.of("no_create", "{no_create=UC/no_create,bi_reader=U/no_create}"));
    }

    @Test
    void noPasswordIsOneLineSayingHowToGiveIt() {
        CliOutcome noPassword = cli(List.of("export", "postgres", "--url", postgres.url(), "--user", "postgres", "--schema",
                "nopass", "--lake", trimmed.root().toString()));

        assertOneLineError(noPassword, "Postgres at 127.0.0.1:" + postgres.port() + "/postgres asks user postgres for a"
                + " password and none was given", "set PGPASSWORD (or give --password");
        assertThat(noPassword.err()).doesNotContain("plugin").doesNotContain("host and port");
    }

    @Test
    void aFailedSinkNamesWhatRunHasAndTheRunShowsItsWarning() throws Exception {
        Path lake = BundledLake.copy(tmp.resolve("failing-sink-lake"));
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres?user=postgres";

        org.bankdata.cli.InProcessCli.Result run = org.bankdata.cli.InProcessCli.bankdata("run", "--only", "check",
                "--downstream", "--lake", lake.toString(), "--quiet", "--sink", "postgres:" + url);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().toList()).as(run.err()).containsExactly("error: the run published its tables, but --sink"
                + " failed: Postgres at 127.0.0.1:" + postgres.port() + "/postgres asks user postgres for a password and none"
                + " was given; set PGPASSWORD (or give --password-file, or add a line to ~/.pgpass); nothing was changed");
        org.bankdata.cli.InProcessCli.Result runs = org.bankdata.cli.InProcessCli.bankdata("runs", "--lake", lake.toString(),
                "--format", "json");
        assertThat(runs.exit()).as(runs.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode latest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runs.out())
                .get(0);
        assertThat(latest.get("state").asText()).isEqualTo("succeeded_with_warnings");
        org.bankdata.cli.InProcessCli.Result shown = org.bankdata.cli.InProcessCli.bankdata("runs", "show",
                latest.get("run_id").asText(), "--lake", lake.toString());
        assertThat(shown.out()).contains("--sink failed: Postgres at 127.0.0.1:" + postgres.port());
    }

    private static List<List<Object>> publicSchema(String url) throws SQLException {
        try (Connection pg = DriverManager.getConnection(url, LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD)) {
            return rows(pg, "SELECT nspowner::regrole::text, nspacl::text, obj_description(oid, 'pg_namespace')"
                    + " FROM pg_namespace WHERE nspname = 'public'");
        }
    }

    private static Object rowsIn(String url, String sql) throws SQLException {
        try (Connection pg = DriverManager.getConnection(url, LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD)) {
            return rows(pg, sql).get(0).get(0);
        }
    }

    private static void assertOneLineError(CliOutcome outcome, String what, String fix) {
        assertThat(outcome.exit()).as(outcome.err()).isEqualTo(1);
        List<String> lines = outcome.err().lines().filter(l -> !l.isBlank() && !l.startsWith("loading snapshot")).toList();
        assertThat(lines).as(outcome.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: ").contains(what).contains(fix).doesNotContainPattern("[A-Z]\\w+Exception");
    }

    /** Snapshot id, load time, and the OIDs and row counts of every table: changes on any reload. */
    private static String fingerprint(String schema) throws SQLException {
        try (Connection pg = postgres.superuser()) {
            return rows(pg, "SELECT snapshot_id, loaded_at::text FROM " + schema + ".bankdata_load") + " "
                    + rows(pg, "SELECT c.relname, c.oid::bigint, c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid ="
                            + " c.relnamespace WHERE n.nspname = '" + schema + "' ORDER BY 1") + " "
                    + rows(pg, "SELECT count(*) FROM " + schema + ".fact_complaints");
        }
    }

    private static Map<String, Long> counts(LakeLayout lake) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (LakeQueryEngine duck = LakeQueryEngine.open(lake, QuarterRange.ALL)) {
            for (String table : duck.snapshot().tables().keySet()) {
                counts.put(table, ((Number) duck.query("SELECT count(*) FROM " + table).rows().get(0).get(0)).longValue());
            }
        }
        return counts;
    }

    private static WarehouseTarget target(String schema) {
        return new WarehouseTarget(postgres.url(), schema, LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD, List.of());
    }

    private static List<List<Object>> rows(Connection pg, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(LakeQueryEngine.value(rs.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    record CliOutcome(int exit, String out, String err) {
    }

    private static CliOutcome export(LakeLayout lake, String... options) {
        List<String> args = new ArrayList<>(List.of("export", "postgres", "--url", postgres.url(), "--user", "postgres",
                "--password", LocalPostgres.SUPERUSER_PASSWORD, "--lake", lake.root().toString()));
        args.addAll(List.of(options));
        return cli(args);
    }

    private static CliOutcome exportAs(LakeLayout lake, String url, String user, String password, String schema) {
        return cli(List.of("export", "postgres", "--url", url, "--user", user, "--password", password, "--schema", schema,
                "--lake", lake.root().toString()));
    }

    private static CliOutcome cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new CliOutcome(exit, out.toString(), err.toString());
    }

    /** A copy of the bundled lake whose published fact_complaints lacks its latest quarter (dimensions unchanged). */
    private static LakeLayout trimmedCopy(Path target) throws Exception {
        Path root = BundledLake.copy(Files.createDirectories(target));
        LakeLayout layout = new LakeLayout(root);
        Snapshot published = new SnapshotStore(layout).require();
        String runId = "trimmed";
        Path dir = HandWrittenTables.folder(layout, "fact_complaints", runId);
        long rows;
        try (LakeQueryEngine duck = LakeQueryEngine.open(layout, published); Connection c = duck.newConnection();
                Statement st = c.createStatement()) {
            String kept = "SELECT * FROM fact_complaints WHERE period_key < (SELECT max(period_key) FROM fact_complaints)";
            st.execute("COPY (" + kept + ") TO '" + dir.resolve("part-0.parquet") + "' (FORMAT PARQUET)");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + kept + ")")) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        Map<String, PublishedTable> tables = new LinkedHashMap<>(published.tables());
        tables.put("fact_complaints", HandWrittenTables.of(layout, "fact_complaints", dir, rows, runId));
        new SnapshotStore(layout).publish(new Snapshot(runId, Instant.now(), tables, published.runId()));
        return layout;
    }
}
