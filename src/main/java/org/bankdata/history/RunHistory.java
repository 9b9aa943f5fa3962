package org.bankdata.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.bankdata.errors.RunStateException;
import org.bankdata.lake.LakeLayout;

/**
 * The lake's run history: a SQLite file at {@code runs/history.db}, in WAL mode so {@code bankdata runs}
 * and the dashboard read while a run writes. Columns are a contract with those readers: columns may be
 * added, never renamed; an added column is also added to an older file when it is opened
 * ({@code ADDED_COLUMNS}). One connection per instance; methods are synchronized, so the tasks of a run
 * record their states from several threads, and separate processes ({@code bankdata job}) wait for each
 * other's writes (busy timeout) instead of failing.
 */
public final class RunHistory implements AutoCloseable {
    private static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS runs(run_id TEXT PRIMARY KEY, state TEXT NOT NULL,
                started_at TEXT NOT NULL, ended_at TEXT,
                params_json TEXT NOT NULL, params_hash TEXT NOT NULL, error TEXT,
                driver TEXT NOT NULL DEFAULT 'run', attempts INTEGER NOT NULL DEFAULT 1,
                warnings TEXT NOT NULL DEFAULT '[]')""", """
            CREATE TABLE IF NOT EXISTS task_runs(run_id TEXT NOT NULL, task TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL, started_at TEXT, ended_at TEXT,
                rows_in INTEGER, rows_out INTEGER, error TEXT, outputs_json TEXT,
                PRIMARY KEY(run_id, task))""",
            "CREATE INDEX IF NOT EXISTS runs_by_start ON runs(started_at)");

    /**
     * Columns added after the first release (table, column, definition): a history.db written by an older bankdata
     * gets them when it is opened for writing, existing rows taking the default.
     */
    private static final List<List<String>> ADDED_COLUMNS = List.of(
            List.of("runs", "driver", "TEXT NOT NULL DEFAULT 'run'"),
            List.of("runs", "attempts", "INTEGER NOT NULL DEFAULT 1"),
            List.of("runs", "warnings", "TEXT NOT NULL DEFAULT '[]'"),
            List.of("task_runs", "outputs_json", "TEXT"),
            List.of("runs", "base_run_id", "TEXT"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Connection db;

    private RunHistory(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating when needed) the history of {@code layout}'s lake (a local lake folder). */
    public static RunHistory open(LakeLayout layout) {
        return open(layout.historyDb());
    }

    /**
     * Opens (creating when needed) the history in {@code file}: {@code runs/history.db} of a local lake, or of an S3
     * lake's local state folder (see {@code lake.LakeSite}).
     */
    public static RunHistory open(Path file) {
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
            migrate(db);
            return new RunHistory(file, db);
        } catch (java.io.IOException | SQLException e) {
            if (Files.isDirectory(file.getParent()) && !Files.isWritable(file.getParent())) {
                throw new LakeException("lake " + file.getParent().getParent() + " is not writable (read-only file system or no"
                        + " permission): choose a writable --lake", e);
            }
            throw new LakeException("cannot open the run history " + file + ": " + e.getMessage()
                    + "; check the lake folder is writable", e);
        }
    }

    /** Adds the columns an older history lacks, in one write transaction so two processes opening it do not race. */
    private static void migrate(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                for (List<String> added : ADDED_COLUMNS) {
                    boolean present;
                    try (ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('" + added.get(0) + "') WHERE name = '"
                            + added.get(1) + "'")) {
                        present = rs.next();
                    }
                    if (!present) {
                        s.execute("ALTER TABLE " + added.get(0) + " ADD COLUMN " + added.get(1) + " " + added.get(2));
                    }
                }
                s.execute("COMMIT");
            } catch (SQLException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    /** Opens an existing history for reading, or empty when the lake has none yet. */
    public static Optional<RunHistory> openExisting(LakeLayout layout) {
        return openExisting(layout.historyDb());
    }

    /** Opens the existing history in {@code file}, or empty when there is none yet. */
    public static Optional<RunHistory> openExisting(Path file) {
        return Files.isRegularFile(file) ? Optional.of(open(file)) : Optional.empty();
    }

    /**
     * Opens an existing history read-only (its write methods fail), also on a read-only lake (see
     * {@link ReadOnlyConnection}); empty when the lake has none yet.
     */
    public static Optional<RunHistory> openForReading(LakeLayout layout) {
        return openForReading(layout.historyDb());
    }

    /** As {@link #openForReading(LakeLayout)} for the history in {@code file}. */
    public static Optional<RunHistory> openForReading(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunHistory(file, ReadOnlyConnection.open(file, 15000)));
        } catch (SQLException e) {
            throw new LakeException("cannot read the run history " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a new run, in one of the states a run starts in ({@link RunState#initial()}). */
    public synchronized void createRun(String runId, RunState state, Instant startedAt, String paramsJson, String paramsHash,
            String driver) {
        if (!RunState.initial().contains(state)) {
            throw new RunStateException("run " + runId + " cannot start " + state + "; a run starts " + RunState.initial());
        }
        update("INSERT INTO runs(run_id, state, started_at, params_json, params_hash, driver) VALUES (?, ?, ?, ?, ?, ?)",
                runId, state.text(), startedAt.toString(), paramsJson, paramsHash, driver);
    }

    /**
     * Records the run whose published snapshot run {@code runId} builds on (null: nothing was published); its
     * publish succeeds only while that snapshot is still the published one.
     */
    public synchronized void setBase(String runId, String baseRunId) {
        update("UPDATE runs SET base_run_id = ? WHERE run_id = ?", baseRunId, runId);
    }

    /** A resumed run is running again, one attempt more. */
    public synchronized void restartRun(String runId) {
        requireTransition(runId, RunState.RUNNING);
        update("UPDATE runs SET state = ?, ended_at = NULL, error = NULL, warnings = '[]', attempts = attempts + 1"
                + " WHERE run_id = ?",
                RunState.RUNNING.text(), runId);
    }

    public synchronized void finishRun(String runId, RunState state, Instant endedAt, String error) {
        finishRun(runId, state, endedAt, error, List.of());
    }

    /**
     * Ends a run. {@code warnings} are what the user must know although the run did its work (rows quarantined
     * within the limit, an input with no rows, a WARN check): a succeeded run with warnings is "succeeded with
     * warnings" for {@code bankdata runs}, the dashboard and the exit code of {@code bankdata run}.
     */
    public synchronized void finishRun(String runId, RunState state, Instant endedAt, String error, List<String> warnings) {
        requireTransition(runId, state);
        update("UPDATE runs SET state = ?, ended_at = ?, error = ?, warnings = ? WHERE run_id = ?", state.text(),
                endedAt == null ? null : endedAt.toString(), error, warningsJson(warnings), runId);
    }

    public synchronized void saveTask(TaskRun t) {
        update("""
                INSERT INTO task_runs(run_id, task, state, attempts, started_at, ended_at, rows_in, rows_out, error, outputs_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(run_id, task) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
                  started_at = excluded.started_at, ended_at = excluded.ended_at, rows_in = excluded.rows_in,
                  rows_out = excluded.rows_out, error = excluded.error, outputs_json = excluded.outputs_json""",
                t.runId(), t.task(), t.state().text(), t.attempts(), text(t.startedAt()), text(t.endedAt()), t.rowsIn(),
                t.rowsOut(), t.error(), t.outputsJson());
    }

    /** Changes a task's state only (e.g. succeeded → reused when a resumed run takes its outputs as they are). */
    public synchronized void setTaskState(String runId, String task, TaskState state) {
        update("UPDATE task_runs SET state = ? WHERE run_id = ? AND task = ?", state.text(), runId, task);
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
                RunState.SUCCEEDED.text());
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public synchronized List<TaskRun> tasks(String runId) {
        List<TaskRun> tasks = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT * FROM task_runs WHERE run_id = ? ORDER BY rowid")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new TaskRun(rs.getString("run_id"), rs.getString("task"), TaskState.of(rs.getString("state")),
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
     * Marks as failed what the history says is running but no live process works on: a run of one process
     * ({@code driver = 'run'}) whose lease {@code leaseHeld} says is not held, and, in a run driven task by task
     * ({@code driver = 'job'}), a running task whose own lease is not held (its process was killed or the
     * machine stopped). Their running tasks become failed, their pending ones not_run. Returns the runs marked.
     *
     * @param leaseHeld whether a live process holds a lease (see {@code RunLease.ofRun} and {@code ofTask})
     */
    public synchronized List<String> markInterrupted(Instant now, java.util.function.Predicate<String> leaseHeld) {
        List<String> marked = new ArrayList<>();
        for (RunRecord run : queryRuns("SELECT * FROM runs WHERE state = ?", RunState.RUNNING.text())) {
            String id = run.runId();
            List<String> runningTasks = tasks(id).stream().filter(t -> t.state() == TaskState.RUNNING).map(TaskRun::task).toList();
            boolean dead = interrupted(id, run.driver(), runningTasks, leaseHeld);
            if (!dead) {
                continue;
            }
            String how = "job".equals(run.driver()) ? "bankdata job <task> --run " + id : "bankdata run --resume " + id;
            String error = "the process running it stopped before the run finished (killed?); nothing of it was published;"
                    + " continue it with `" + how + "`";
            update("UPDATE task_runs SET state = ?, ended_at = ?, error = ? WHERE run_id = ? AND state = ?",
                    TaskState.FAILED.text(), now.toString(), "interrupted: its process stopped", id, TaskState.RUNNING.text());
            update("UPDATE task_runs SET state = ? WHERE run_id = ? AND state = ?", TaskState.NOT_RUN.text(), id,
                    TaskState.PENDING.text());
            finishRun(id, RunState.FAILED, now, error);
            marked.add(id);
        }
        return marked;
    }

    /**
     * Whether a run the history records as running has lost its process: for a run of one process, its lease
     * is not held; for a run driven task by task, one of its running tasks' leases is not held (between jobs,
     * with no task running, it is waiting for its scheduler, not interrupted).
     */
    public static boolean interrupted(String runId, String driver, List<String> runningTasks,
            java.util.function.Predicate<String> leaseHeld) {
        if ("job".equals(driver)) {
            return runningTasks.stream().anyMatch(task -> !leaseHeld.test(runId + "~" + task));
        }
        return !leaseHeld.test(runId);
    }

    /** How long a failed run's table versions are kept for a resume. */
    public static final Duration RESUMABLE_FOR = Duration.ofDays(7);

    /**
     * Runs that a resume could still continue (failed or running, started in the last {@link #RESUMABLE_FOR}):
     * their table versions are kept when another run publishes.
     */
    public synchronized Set<String> unfinishedRunIds() {
        Set<String> ids = new TreeSet<>();
        queryRuns("SELECT * FROM runs WHERE state IN (?, ?) AND started_at >= ?", RunState.FAILED.text(),
                RunState.RUNNING.text(),
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
                runs.add(new RunRecord(rs.getString("run_id"), RunState.of(rs.getString("state")), instant(rs.getString("started_at")),
                        instant(rs.getString("ended_at")), rs.getString("params_json"), rs.getString("params_hash"),
                        rs.getString("error"), rs.getString("driver"), rs.getInt("attempts"),
                        warnings(rs.getString("warnings")), rs.getString("base_run_id")));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return runs;
    }

    /** Refuses a state change {@link RunState#canBecome} does not allow, naming the run and both states. */
    private void requireTransition(String runId, RunState next) {
        RunState current = run(runId).map(RunRecord::state).orElseThrow(() -> new RunStateException("no run " + runId
                + " in " + file));
        if (!current.canBecome(next)) {
            throw new RunStateException("run " + runId + " is " + current + " and cannot become " + next);
        }
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

    private static String warningsJson(List<String> warnings) {
        try {
            return JSON.writeValueAsString(warnings == null ? List.of() : warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The warnings column: a JSON array of strings ({@code []} when there is none). */
    public static List<String> warnings(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            return List.of(json);
        }
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
