package org.bankdata.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;

/**
 * The lake's run history: a SQLite file at {@code runs/history.db}, in WAL mode so {@code bankdata runs}
 * and the dashboard read while a run writes. Columns are a contract with those readers: columns may be
 * added, never renamed. One connection per instance; methods are synchronized, so the tasks of a run
 * record their states from several threads, and separate processes ({@code bankdata job}) wait for each
 * other's writes (busy timeout) instead of failing.
 */
public final class RunHistory implements AutoCloseable {
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String PENDING = "pending";
    public static final String UPSTREAM_FAILED = "upstream_failed";
    public static final String NOT_RUN = "not_run";
    public static final String REUSED = "reused";
    public static final String TIMED_OUT = "timed_out";

    private static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS runs(run_id TEXT PRIMARY KEY, state TEXT NOT NULL,
                started_at TEXT NOT NULL, ended_at TEXT,
                params_json TEXT NOT NULL, params_hash TEXT NOT NULL, error TEXT,
                driver TEXT NOT NULL DEFAULT 'run', attempts INTEGER NOT NULL DEFAULT 1)""", """
            CREATE TABLE IF NOT EXISTS task_runs(run_id TEXT NOT NULL, task TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL, started_at TEXT, ended_at TEXT,
                rows_in INTEGER, rows_out INTEGER, error TEXT, outputs_json TEXT,
                PRIMARY KEY(run_id, task))""",
            "CREATE INDEX IF NOT EXISTS runs_by_start ON runs(started_at)");

    private final Path file;
    private final Connection db;

    private RunHistory(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    public static Path file(LakeLayout layout) {
        return layout.root().resolve("runs").resolve("history.db");
    }

    /** Opens (creating when needed) the history of {@code layout}'s lake. */
    public static RunHistory open(LakeLayout layout) {
        Path file = file(layout);
        try {
            Files.createDirectories(file.getParent());
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout = 15000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            return new RunHistory(file, db);
        } catch (java.io.IOException | SQLException e) {
            throw new LakeException("cannot open the run history " + file + ": " + e.getMessage()
                    + "; check the lake folder is writable", e);
        }
    }

    /** Opens an existing history for reading, or empty when the lake has none yet. */
    public static Optional<RunHistory> openExisting(LakeLayout layout) {
        return Files.isRegularFile(file(layout)) ? Optional.of(open(layout)) : Optional.empty();
    }

    /**
     * Opens an existing history read-only (its write methods fail), also on a read-only lake (see
     * {@link ReadOnlyConnection}); empty when the lake has none yet.
     */
    public static Optional<RunHistory> openForReading(LakeLayout layout) {
        Path file = file(layout);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunHistory(file, ReadOnlyConnection.open(file, 15000)));
        } catch (SQLException e) {
            throw new LakeException("cannot read the run history " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void createRun(String runId, String state, Instant startedAt, String paramsJson, String paramsHash,
            String driver) {
        update("INSERT INTO runs(run_id, state, started_at, params_json, params_hash, driver) VALUES (?, ?, ?, ?, ?, ?)",
                runId, state, startedAt.toString(), paramsJson, paramsHash, driver);
    }

    /** A resumed run is running again, one attempt more. */
    public synchronized void restartRun(String runId) {
        update("UPDATE runs SET state = ?, ended_at = NULL, error = NULL, attempts = attempts + 1 WHERE run_id = ?",
                RUNNING, runId);
    }

    public synchronized void finishRun(String runId, String state, Instant endedAt, String error) {
        update("UPDATE runs SET state = ?, ended_at = ?, error = ? WHERE run_id = ?", state,
                endedAt == null ? null : endedAt.toString(), error, runId);
    }

    public synchronized void saveTask(TaskRun t) {
        update("""
                INSERT INTO task_runs(run_id, task, state, attempts, started_at, ended_at, rows_in, rows_out, error, outputs_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(run_id, task) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
                  started_at = excluded.started_at, ended_at = excluded.ended_at, rows_in = excluded.rows_in,
                  rows_out = excluded.rows_out, error = excluded.error, outputs_json = excluded.outputs_json""",
                t.runId(), t.task(), t.state(), t.attempts(), text(t.startedAt()), text(t.endedAt()), t.rowsIn(),
                t.rowsOut(), t.error(), t.outputsJson());
    }

    /** Changes a task's state only (e.g. succeeded → reused when a resumed run takes its outputs as they are). */
    public synchronized void setTaskState(String runId, String task, String state) {
        update("UPDATE task_runs SET state = ? WHERE run_id = ? AND task = ?", state, runId, task);
    }

    public synchronized Optional<RunRecord> run(String runId) {
        List<RunRecord> runs = queryRuns("SELECT * FROM runs WHERE run_id = ?", runId);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** The latest {@code limit} runs, newest first. */
    public synchronized List<RunRecord> runs(int limit) {
        return queryRuns("SELECT * FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?", limit);
    }

    /** The newest run that succeeded (skipped runs excluded). */
    public synchronized Optional<RunRecord> latestSucceeded() {
        List<RunRecord> runs = queryRuns("SELECT * FROM runs WHERE state = ? ORDER BY started_at DESC, run_id DESC LIMIT 1",
                SUCCEEDED);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public synchronized List<TaskRun> tasks(String runId) {
        List<TaskRun> tasks = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT * FROM task_runs WHERE run_id = ? ORDER BY rowid")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new TaskRun(rs.getString("run_id"), rs.getString("task"), rs.getString("state"),
                            rs.getInt("attempts"), instant(rs.getString("started_at")), instant(rs.getString("ended_at")),
                            longOrNull(rs, "rows_in"), longOrNull(rs, "rows_out"), rs.getString("error"),
                            rs.getString("outputs_json")));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return tasks;
    }

    /**
     * Marks runs of a single process ({@code driver = 'run'}) still recorded as running as failed: called by
     * a run that holds the lake lock, so no such process is alive any more (it was killed or the machine
     * stopped). Their running tasks become failed, their pending ones not_run. Returns the runs marked.
     */
    public synchronized List<String> markInterrupted(Instant now) {
        List<String> ids = queryRuns("SELECT * FROM runs WHERE state = ? AND driver = 'run'", RUNNING).stream()
                .map(RunRecord::runId).toList();
        for (String id : ids) {
            String error = "the process running it stopped before the run finished (killed?); nothing of it was published;"
                    + " continue it with `bankdata run --resume " + id + "`";
            update("UPDATE task_runs SET state = ?, ended_at = ?, error = ? WHERE run_id = ? AND state = ?",
                    FAILED, now.toString(), "interrupted", id, RUNNING);
            update("UPDATE task_runs SET state = ? WHERE run_id = ? AND state = ?", NOT_RUN, id, PENDING);
            finishRun(id, FAILED, now, error);
        }
        return ids;
    }

    /** How long a failed run's table versions are kept for a resume. */
    public static final Duration RESUMABLE_FOR = Duration.ofDays(7);

    /**
     * Runs that a resume could still continue (failed or running, started in the last {@link #RESUMABLE_FOR}):
     * their table versions are kept when another run publishes.
     */
    public synchronized Set<String> unfinishedRunIds() {
        Set<String> ids = new TreeSet<>();
        queryRuns("SELECT * FROM runs WHERE state IN (?, ?) AND started_at >= ?", FAILED, RUNNING,
                Instant.now().minus(RESUMABLE_FOR).toString()).forEach(r -> ids.add(r.runId()));
        return ids;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // nothing left to do with a history that cannot close
        }
    }

    private List<RunRecord> queryRuns(String sql, Object... args) {
        List<RunRecord> runs = new ArrayList<>();
        try (PreparedStatement q = prepare(sql, args); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                runs.add(new RunRecord(rs.getString("run_id"), rs.getString("state"), instant(rs.getString("started_at")),
                        instant(rs.getString("ended_at")), rs.getString("params_json"), rs.getString("params_hash"),
                        rs.getString("error"), rs.getString("driver"), rs.getInt("attempts")));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return runs;
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement u = prepare(sql, args)) {
            u.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement s = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                s.setNull(i + 1, Types.NULL);
            } else {
                s.setObject(i + 1, args[i]);
            }
        }
        return s;
    }

    private LakeException failure(SQLException e) {
        return new LakeException("run history " + file + ": " + e.getMessage(), e);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
