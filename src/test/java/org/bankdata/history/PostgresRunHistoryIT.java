package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The run history contract on Postgres (one server for the class, one database shared by every test's lake, as
 * a deployment shares it), and what only a shared database needs: the schema created by several processes at
 * once, and an older schema gaining the columns added since.
 */
class PostgresRunHistoryIT extends RunHistoryContract {
    private static LocalPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.shared();
        try (Connection db = postgres.superuser(); Statement s = db.createStatement()) {
            s.execute("CREATE DATABASE history");
            s.execute("CREATE DATABASE race");
            s.execute("CREATE DATABASE older");
            s.execute("CREATE DATABASE dropped");
        }
    }

    private static HistoryLocation.Postgres database(String name) {
        // the login as a deployment gives it: from the environment variables, not the URL
        return (HistoryLocation.Postgres) HistoryLocation.parse("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + name,
                Map.of(HistoryLocation.USER_ENV, LocalPostgres.SUPERUSER, HistoryLocation.PASSWORD_ENV,
                        LocalPostgres.SUPERUSER_PASSWORD));
    }

    @Override
    HistoryLocation location(String lake) {
        return database("history");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void processesOpeningANewDatabaseAtOnceAllGetOneSchema() throws Exception {
        int openers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            List<Future<String>> opened = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                String lake = "/lakes/race-" + i;
                opened.add(pool.submit(() -> {
                    start.await();
                    try (RunHistory history = RunHistory.open(database("race"), lake)) {
                        history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
                        return history.run("r").orElseThrow().runId();
                    }
                }));
            }
            start.countDown();
            for (Future<String> f : opened) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("r");
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection db = DriverManager.getConnection(postgres.url().replace("/postgres", "/race"), LocalPostgres.SUPERUSER,
                LocalPostgres.SUPERUSER_PASSWORD); Statement s = db.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name IN ('runs', 'task_runs')")).isEqualTo(2);
            assertThat(count(s, "SELECT count(DISTINCT lake) FROM runs")).isEqualTo(openers);
        }
    }

    /**
     * Eight processes on a shared database end the same running runs at the same moments, some as succeeded, some as
     * failed, some marking them interrupted: each run changes state exactly once, and what it shows afterwards is what
     * its one winner wrote (an interrupted run's running task failed and its pending one not run; otherwise the tasks
     * untouched).
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void processesEndingTheSameRunAtOnceExactlyOneChangesItEachTime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String lake = "/lakes/ended-at-once";
        String url = postgres.url().replace("/postgres", "/history") + "?user=" + LocalPostgres.SUPERUSER + "&password="
                + LocalPostgres.SUPERUSER_PASSWORD;
        List<String> runIds = new ArrayList<>();
        try (RunHistory history = RunHistory.open(database("history"), lake)) {
            for (int i = 0; i < 12; i++) {
                String run = "race-" + i;
                runIds.add(run);
                history.createRun(run, RunState.RUNNING, T0, "{}", "h", "run");
                history.saveTask(new TaskRun(run, "extract_fees", TaskState.RUNNING, 1, T0, null, null, null, null, null));
                history.saveTask(new TaskRun(run, "publish", TaskState.PENDING, 0, null, null, null, null, null, null));
            }
        }
        List<String> actions = List.of("succeed", "fail", "interrupt", "succeed", "fail", "interrupt", "succeed", "fail");
        java.nio.file.Path startFile = dir.resolve("start");
        List<Process> racers = new ArrayList<>();
        List<java.util.concurrent.BlockingQueue<String>> outputs = new ArrayList<>();
        try {
            for (String action : actions) {
                List<String> args = new ArrayList<>(List.of(url, lake, action, startFile.toString(), "250"));
                args.addAll(runIds);
                Process racer = org.bankdata.ChildJvm.builder(List.of(), HistoryRacer.class.getName(), args)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                racers.add(racer);
                java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
                outputs.add(lines);
                Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(racer.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8)).lines().forEach(lines::add));
                reader.setDaemon(true);
                reader.start();
            }
            for (java.util.concurrent.BlockingQueue<String> lines : outputs) {
                assertThat(lines.poll(120, TimeUnit.SECONDS)).as("a racer opened the history").isEqualTo("ready");
            }
            java.nio.file.Files.writeString(startFile, (System.currentTimeMillis() + 500) + ";");
            java.util.Map<String, List<String>> winners = new java.util.TreeMap<>();
            for (int p = 0; p < racers.size(); p++) {
                for (String run : runIds) {
                    String line = outputs.get(p).poll(60, TimeUnit.SECONDS);
                    assertThat(line).as("racer %d, %s", p, run).isIn(run + " won", run + " lost");
                    if (line.endsWith(" won")) {
                        winners.computeIfAbsent(run, r -> new ArrayList<>()).add(actions.get(p));
                    }
                }
                assertThat(racers.get(p).waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(racers.get(p).exitValue()).isZero();
            }
            try (RunHistory history = RunHistory.open(database("history"), lake)) {
                for (String run : runIds) {
                    assertThat(winners.get(run)).as("the processes that changed %s", run).hasSize(1);
                    String winner = winners.get(run).get(0);
                    RunRecord record = history.run(run).orElseThrow();
                    List<String> tasks = history.tasks(run).stream().map(t -> t.task() + "=" + t.state().text()).toList();
                    switch (winner) {
                        case "succeed" -> {
                            assertThat(record.state()).isEqualTo(RunState.SUCCEEDED);
                            assertThat(record.warnings()).singleElement().asString().startsWith("ended by ");
                            assertThat(tasks).containsExactly("extract_fees=running", "publish=pending");
                        }
                        case "fail" -> {
                            assertThat(record.state()).isEqualTo(RunState.FAILED);
                            assertThat(record.error()).startsWith("failed by ");
                            assertThat(tasks).containsExactly("extract_fees=running", "publish=pending");
                        }
                        default -> {
                            assertThat(record.state()).isEqualTo(RunState.FAILED);
                            assertThat(record.error()).contains("the process running it stopped");
                            assertThat(tasks).containsExactly("extract_fees=failed", "publish=not_run");
                        }
                    }
                    assertThat(record.endedAt()).isNotNull();
                }
            }
        } finally {
            racers.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aDatabaseWrittenByAnOlderReleaseGainsTheColumnsAddedSinceAndKeepsItsRuns() throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.url().replace("/postgres", "/older"), LocalPostgres.SUPERUSER,
                LocalPostgres.SUPERUSER_PASSWORD); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE runs(lake text COLLATE \"C\" NOT NULL, run_id text COLLATE \"C\" NOT NULL, state text NOT NULL,"
                    + " started_at text COLLATE \"C\" NOT NULL, ended_at text, params_json text NOT NULL, params_hash text NOT NULL,"
                    + " error text, driver text NOT NULL DEFAULT 'run', attempts integer NOT NULL DEFAULT 1,"
                    + " PRIMARY KEY (lake, run_id))");
            s.execute("INSERT INTO runs(lake, run_id, state, started_at, ended_at, params_json, params_hash) VALUES"
                    + " ('/l', 'old', 'succeeded', '2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z', '{}', 'h')");
        }
        try (RunHistory history = RunHistory.open(database("older"), "/l")) {
            RunRecord old = history.run("old").orElseThrow();
            assertThat(old.warnings()).isEmpty();
            assertThat(old.baseRunId()).isNull();
            assertThat(history.latestSucceeded()).map(RunRecord::runId).contains("old");
            history.addWarning("old", "w");
            assertThat(history.run("old").orElseThrow().displayState()).isEqualTo("succeeded_with_warnings");
        }
        // opening it again adds nothing
        try (RunHistory again = RunHistory.open(database("older"), "/l")) {
            assertThat(again.runs(5)).hasSize(1);
        }
    }

    @Test
    void theSchemaShippedInTheJarIsTheOneInTheDatabase() throws Exception {
        try (RunHistory history = RunHistory.open(database("history"), freshLake());
                Connection db = DriverManager.getConnection(postgres.url().replace("/postgres", "/history"),
                        LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD);
                Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = 'runs'"
                        + " ORDER BY ordinal_position")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
            assertThat(columns).containsExactly("lake", "run_id", "state", "started_at", "ended_at", "params_json",
                    "params_hash", "error", "driver", "attempts", "warnings", "base_run_id");
            assertThat(HistoryDialect.POSTGRES.schema()).anySatisfy(ddl -> assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS runs"));
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHistoryWhoseConnectionIsDroppedReconnectsOnceAndSaysSoInOneLineWhenItCannot() throws Exception {
        try (RunHistory history = RunHistory.open(database("dropped"), "/lakes/dropped")) {
            history.createRun("r1", RunState.RUNNING, T0, "{}", "h", "run");
            assertThat(terminateSessions("dropped")).as("sessions ended by the server").isEqualTo(1);

            // the next write and read find the connection gone, open a new one and go on
            history.finishRun("r1", RunState.SUCCEEDED, T0.plusSeconds(5), null);
            assertThat(history.run("r1").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);

            history.createRun("r2", RunState.RUNNING, T0.plusSeconds(10), "{}", "h", "run");
            try (Connection db = postgres.superuser(); Statement s = db.createStatement()) {
                s.execute("ALTER DATABASE dropped ALLOW_CONNECTIONS false");
            }
            try {
                assertThat(terminateSessions("dropped")).isEqualTo(1);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> history.finishRun("r2", RunState.FAILED,
                        T0.plusSeconds(20), "boom"))
                        .isInstanceOf(org.bankdata.errors.LakeException.class)
                        .hasMessageStartingWith("lost the connection to the run history's Postgres database dropped at 127.0.0.1:"
                                + postgres.port() + " (")
                        .hasMessageContaining("and could not reconnect: ")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                                .doesNotContain(LocalPostgres.SUPERUSER_PASSWORD));
            } finally {
                try (Connection db = postgres.superuser(); Statement s = db.createStatement()) {
                    s.execute("ALTER DATABASE dropped ALLOW_CONNECTIONS true");
                }
            }
            // the server is reachable again: the next call opens a connection once more, and the failed change is not half-made
            assertThat(history.run("r2").orElseThrow().state()).isEqualTo(RunState.RUNNING);
        }
    }

    /** Ends every session of database {@code name} but the caller's (as an operator or a server restart would); returns how many. */
    private static int terminateSessions(String name) throws Exception {
        try (Connection db = postgres.superuser(); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = '" + name + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            int ended = rs.getInt(1);
            // wait until the sessions are gone, as a dropped connection would be
            for (int i = 0; i < 100; i++) {
                try (ResultSet left = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "'")) {
                    left.next();
                    if (left.getInt(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            return ended;
        }
    }
}
