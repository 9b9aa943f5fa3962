package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    @TempDir
    Path lake;

    private static final Instant T0 = Instant.now().minusSeconds(3600);

    @Test
    void schemaHasEveryColumnReadersRelyOn() throws Exception {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + lake.resolve("runs/history.db"))) {
            assertThat(columns(db, "runs")).containsSubsequence("run_id", "state", "started_at", "ended_at", "params_json",
                    "params_hash", "error");
            assertThat(columns(db, "task_runs")).containsSubsequence("run_id", "task", "state", "attempts", "started_at",
                    "ended_at", "rows_in", "rows_out", "error");
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void aReaderSeesCommittedRunsWhileAWriterHoldsAnOpenTransaction() throws Exception {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("r1", RunState.RUNNING, T0, "{}", "h", "run");
            history.finishRun("r1", RunState.SUCCEEDED, T0.plusSeconds(1), null);
            try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + history.file());
                    Statement w = writer.createStatement()) {
                w.execute("BEGIN IMMEDIATE");
                w.execute("INSERT INTO runs(run_id, state, started_at, params_json, params_hash) VALUES ('r2', 'running', '"
                        + T0 + "', '{}', 'h')");
                // in WAL mode the reader is not blocked by the open write transaction and sees only committed rows
                assertThat(history.runs(10)).extracting(RunRecord::runId).containsExactly("r1");
                w.execute("COMMIT");
            }
            assertThat(history.runs(10)).extracting(RunRecord::runId).containsExactlyInAnyOrder("r1", "r2");
        }
    }

    @Test
    void recordsARunAndItsTasks() {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("r1", RunState.RUNNING, T0, "{\"a\":1}", "abc", "run");
            RecordedTasks.save(history, new TaskRun("r1", "extract_banks", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            RecordedTasks.save(history, new TaskRun("r1", "extract_banks", TaskState.SUCCEEDED, 2, T0, T0.plusMillis(1500), 10L, 9L, null,
                    "{}"));
            history.finishRun("r1", RunState.SUCCEEDED, T0.plusSeconds(2), null);

            RunRecord run = history.run("r1").orElseThrow();
            assertThat(run.state().text()).isEqualTo("succeeded");
            assertThat(run.endedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(run.paramsHash()).isEqualTo("abc");
            TaskRun task = history.tasks("r1").get(0);
            assertThat(task.attempts()).isEqualTo(2);
            assertThat(task.seconds()).isEqualTo(1.5);
            assertThat(task.rowsIn()).isEqualTo(10L);
            assertThat(task.rowsOut()).isEqualTo(9L);
            assertThat(history.latestSucceeded()).map(RunRecord::runId).contains("r1");
        }
    }

    @Test
    void aRunLeftRunningByADeadProcessIsMarkedFailedButJobRunsAreLeftAlone() {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("killed", RunState.RUNNING, T0, "{}", "h", "run");
            RecordedTasks.save(history, new TaskRun("killed", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0, 1L, 1L, null, "{}"));
            RecordedTasks.save(history, new TaskRun("killed", "extract_fees", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            RecordedTasks.save(history, new TaskRun("killed", "publish", TaskState.PENDING, 0, null, null, null, null, null, null));
            history.createRun("airflow", RunState.RUNNING, T0, "{}", "h", "job");

            assertThat(history.markInterrupted(T0.plusSeconds(9), holder -> false)).containsExactly("killed");

            RunRecord killed = history.run("killed").orElseThrow();
            assertThat(killed.state().text()).isEqualTo("failed");
            assertThat(killed.error()).contains("--resume killed");
            assertThat(history.tasks("killed")).extracting(s -> s.state().text()).containsExactly("succeeded", "failed", "not_run");
            assertThat(history.run("airflow").orElseThrow().state().text()).isEqualTo("running");
            assertThat(history.unfinishedRunIds()).containsExactly("airflow", "killed");
        }
    }

    @Test
    void onlyRunsAndJobTasksWhoseLeaseIsNotHeldAreMarkedInterrupted() {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("alive", RunState.RUNNING, T0, "{}", "h", "run");
            history.createRun("dead", RunState.RUNNING, T0, "{}", "h", "run");
            history.createRun("airflow", RunState.RUNNING, T0, "{}", "h", "job");
            RecordedTasks.save(history, new TaskRun("airflow", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0, 1L, 1L, null, "{}"));
            RecordedTasks.save(history, new TaskRun("airflow", "extract_fees", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            history.createRun("waiting", RunState.RUNNING, T0, "{}", "h", "job");
            RecordedTasks.save(history, new TaskRun("waiting", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0, 1L, 1L, null, "{}"));
            java.util.Set<String> held = java.util.Set.of("alive");

            assertThat(history.markInterrupted(T0.plusSeconds(9), held::contains)).containsExactlyInAnyOrder("dead", "airflow");

            assertThat(history.run("alive").orElseThrow().state().text()).isEqualTo("running");
            assertThat(history.run("waiting").orElseThrow().state().text()).as("between two jobs").isEqualTo("running");
            assertThat(history.run("airflow").orElseThrow().state().text()).isEqualTo("failed");
            assertThat(history.run("airflow").orElseThrow().error()).contains("bankdata job <task> --run airflow");
            assertThat(history.tasks("airflow")).extracting(s -> s.state().text()).containsExactly("succeeded", "failed");
        }
    }

    @Test
    void aHistoryWrittenBeforeWarningsExistedIsMigratedWhenOpenedAndKeepsItsRuns() throws Exception {
        java.nio.file.Files.createDirectories(lake.resolve("runs"));
        // the schema of the releases before warnings were recorded, with one finished run in it
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + lake.resolve("runs/history.db"));
                Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("""
                    CREATE TABLE runs(run_id TEXT PRIMARY KEY, state TEXT NOT NULL,
                        started_at TEXT NOT NULL, ended_at TEXT,
                        params_json TEXT NOT NULL, params_hash TEXT NOT NULL, error TEXT,
                        driver TEXT NOT NULL DEFAULT 'run', attempts INTEGER NOT NULL DEFAULT 1)""");
            s.execute("""
                    CREATE TABLE task_runs(run_id TEXT NOT NULL, task TEXT NOT NULL,
                        state TEXT NOT NULL, attempts INTEGER NOT NULL, started_at TEXT, ended_at TEXT,
                        rows_in INTEGER, rows_out INTEGER, error TEXT, outputs_json TEXT,
                        PRIMARY KEY(run_id, task))""");
            s.execute("INSERT INTO runs(run_id, state, started_at, ended_at, params_json, params_hash) VALUES"
                    + " ('old', 'succeeded', '" + T0 + "', '" + T0.plusSeconds(5) + "', '{}', 'h')");
            assertThat(columns(db, "runs")).doesNotContain("warnings");
        }

        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            RunRecord old = history.run("old").orElseThrow();
            assertThat(old.warnings()).isEmpty();
            assertThat(old.displayState()).isEqualTo("succeeded");
            assertThat(history.latestSucceeded()).map(RunRecord::runId).contains("old");

            history.createRun("new", RunState.RUNNING, T0.plusSeconds(60), "{}", "h", "run");
            history.finishRun("new", RunState.SUCCEEDED, T0.plusSeconds(70), null,
                    List.of("2 complaints row(s) quarantined", "fees: 1 institution skipped"));
            RunRecord run = history.run("new").orElseThrow();
            assertThat(run.state().text()).isEqualTo("succeeded");
            assertThat(run.displayState()).isEqualTo("succeeded_with_warnings");
            assertThat(run.warnings()).containsExactly("2 complaints row(s) quarantined", "fees: 1 institution skipped");
            // a succeeded run with warnings published its tables: an identical later run may be skipped for it
            assertThat(history.latestSucceeded()).map(RunRecord::runId).contains("new");
        }
        // opening it again finds the column and adds nothing
        try (RunHistory history = RunHistory.open(new LakeLayout(lake));
                Connection db = DriverManager.getConnection("jdbc:sqlite:" + lake.resolve("runs/history.db"))) {
            assertThat(columns(db, "runs")).filteredOn("warnings"::equals).hasSize(1);
            assertThat(history.runs(10)).extracting(RunRecord::runId).containsExactly("new", "old");
        }
    }

    @Test
    void aHistoryWrittenBeforeRunsRecordedTheirBaseGainsTheColumn() throws Exception {
        java.nio.file.Path file = new LakeLayout(lake).historyDb();
        java.nio.file.Files.createDirectories(file.getParent());
        try (Connection old = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement st = old.createStatement()) {
            st.execute("CREATE TABLE runs(run_id TEXT PRIMARY KEY, state TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,"
                    + " params_json TEXT NOT NULL, params_hash TEXT NOT NULL, error TEXT, driver TEXT NOT NULL DEFAULT 'run',"
                    + " attempts INTEGER NOT NULL DEFAULT 1)");
            st.execute("INSERT INTO runs(run_id, state, started_at, params_json, params_hash) VALUES"
                    + " ('old', 'failed', '2026-01-01T00:00:00Z', '{}', 'h')");
        }
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThat(history.run("old").orElseThrow().baseRunId()).isNull();
            history.setBase("old", "");
            assertThat(history.run("old").orElseThrow().baseRunId()).isEmpty();
        }
    }

    @Test
    void aResumedRunStartsWithoutTheWarningsOfItsEarlierAttempt() {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
            history.finishRun("r", RunState.FAILED, T0.plusSeconds(1), "boom", List.of("a file contains no rows"));
            history.restartRun("r");
            assertThat(history.run("r").orElseThrow().warnings()).isEmpty();
        }
    }

    private static List<String> columns(Connection db, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }
}
