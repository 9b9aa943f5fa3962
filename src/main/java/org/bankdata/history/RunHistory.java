package org.bankdata.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.RunStateException;
import org.bankdata.lake.LakeLayout;

/**
 * A lake's run history (tables {@code runs} and {@code task_runs}), kept over JDBC in a SQLite file (by default
 * {@code runs/history.db} in the lake; WAL mode, so {@code bankdata runs} and the dashboard read while a run
 * writes) or in a Postgres database several hosts share ({@link HistoryLocation}). The schema is the DDL file
 * shipped in the jar for each database ({@link HistoryDialect}), created on first use. Columns are a contract with
 * the readers: columns may be added, never renamed; an added column is also added to an older database when it is
 * opened ({@link HistoryDatabase}). Every row names its lake ({@code lake}): one Postgres database may hold the
 * histories of several lakes, and each lake sees only its own runs (a SQLite file belongs to one lake, whose rows
 * carry {@code ''}). One connection per instance; methods are synchronized, so the tasks of a run record their
 * states from several threads, and separate processes ({@code bankdata job}) wait for each other's writes.
 */
public final class RunHistory implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunHistory.class);

    private final HistoryLocation location;
    private final HistoryDialect dialect;
    private final String lake;
    private final boolean readOnly;
    private Connection db;
    /** Whether a transaction is open on {@link #db} (its statements are not retried one by one). */
    private boolean inTransaction;

    private RunHistory(HistoryLocation location, String lake, Connection db, boolean readOnly) {
        this.location = location;
        this.dialect = dialectOf(location);
        this.lake = lakeKey(location, lake);
        this.db = db;
        this.readOnly = readOnly;
    }

    /** Opens (creating when needed) the history of {@code layout}'s lake in its own SQLite file, runs/history.db. */
    public static RunHistory open(LakeLayout layout) {
        try {
            return open(HistoryLocation.inLake(layout), lakeOf(layout));
        } catch (LakeException e) {
            Path folder = layout.historyDb().getParent();
            if (Files.isDirectory(folder) && !Files.isWritable(folder)) {
                throw new LakeException("lake " + layout.root() + " is not writable (read-only file system or no"
                        + " permission): choose a writable --lake", e.getCause());
            }
            throw e;
        }
    }

    /**
     * Opens (creating its schema when needed) the history kept at {@code location}, as the history of lake
     * {@code lake} (see {@link #lakeOf}).
     */
    public static RunHistory open(HistoryLocation location, String lake) {
        Connection db = HistoryDatabase.connect(location, false);
        try {
            HistoryDialect dialect = dialectOf(location);
            dialect.configure(db);
            HistoryDatabase.createSchema(db, dialect);
            return new RunHistory(location, lake, db, false);
        } catch (SQLException e) {
            closeQuietly(db);
            NotAHistory.of(location, e).ifPresent(notAHistory -> {
                throw notAHistory;
            });
            throw new LakeException("cannot open the run history " + location.describe() + ": "
                    + PostgresConnections.firstLine(e) + (location instanceof HistoryLocation.SqliteFile
                            ? "; check the lake folder is writable" : ""), e);
        }
    }

    /** How a lake is named in the history's {@code lake} column: its absolute path (a URL for a lake that is not a folder). */
    public static String lakeOf(LakeLayout layout) {
        return layout.location().toString();
    }

    /** Opens an existing history for writing, or empty when the lake has none yet. */
    public static Optional<RunHistory> openExisting(LakeLayout layout) {
        return Files.isRegularFile(layout.historyDb()) ? Optional.of(open(layout)) : Optional.empty();
    }

    /** Opens an existing history for writing, or empty when there is none yet at {@code location}. */
    public static Optional<RunHistory> openExisting(HistoryLocation location, String lake) {
        if (!HistoryDatabase.exists(location)) {
            return Optional.empty();
        }
        return Optional.of(open(location, lake));
    }

    /**
     * Opens an existing history read-only (its write methods fail), also on a read-only lake (see
     * {@link ReadOnlyConnection}); empty when the lake has none yet.
     */
    public static Optional<RunHistory> openForReading(LakeLayout layout) {
        return openForReading(HistoryLocation.inLake(layout), lakeOf(layout));
    }

    /** Opens the history at {@code location} read-only, as lake {@code lake}'s; empty when there is none yet. */
    public static Optional<RunHistory> openForReading(HistoryLocation location, String lake) {
        if (location instanceof HistoryLocation.SqliteFile sqlite && !Files.isRegularFile(sqlite.file())) {
            return Optional.empty();
        }
        Connection db = HistoryDatabase.connect(location, true);
        try {
            if (!dialectOf(location).hasTable(db, "runs")) {
                closeQuietly(db);
                return Optional.empty();
            }
            return Optional.of(new RunHistory(location, lake, db, true));
        } catch (SQLException e) {
            closeQuietly(db);
            NotAHistory.of(location, e).ifPresent(notAHistory -> {
                throw notAHistory;
            });
            throw new LakeException("cannot read the run history " + location.describe() + ": "
                    + PostgresConnections.firstLine(e), e);
        }
    }

    static HistoryDialect dialectOf(HistoryLocation location) {
        return location instanceof HistoryLocation.Postgres ? HistoryDialect.POSTGRES : HistoryDialect.SQLITE;
    }

    /** The value of the {@code lake} column for lake {@code lake}: '' in a SQLite file, which holds one lake only. */
    static String lakeKey(HistoryLocation location, String lake) {
        return location instanceof HistoryLocation.Postgres ? java.util.Objects.requireNonNull(lake, "lake") : "";
    }

    private static void closeQuietly(Connection db) {
        HistoryDatabase.closeQuietly(db);
    }

    /**
     * Records a new run, in one of the states a run starts in ({@link RunState#initial()}); a skipped run ends as it
     * starts. Refused when the run is already recorded (see {@link #createRunIfAbsent}).
     */
    public synchronized void createRun(String runId, RunState state, Instant startedAt, String paramsJson, String paramsHash,
            String driver) {
        if (!createRunIfAbsent(runId, state, startedAt, paramsJson, paramsHash, driver)) {
            throw new RunStateException("run " + runId + " is already recorded in " + describe());
        }
    }

    /**
     * Records a new run unless a run of that id is recorded already (another process, e.g. the first job of the
     * same run on another host, recorded it first): one statement, so of two processes recording one run at
     * once exactly one records it. Returns whether this call recorded it.
     */
    public synchronized boolean createRunIfAbsent(String runId, RunState state, Instant startedAt, String paramsJson,
            String paramsHash, String driver) {
        if (!RunState.initial().contains(state)) {
            throw new RunStateException("run " + runId + " cannot start " + state + "; a run starts " + RunState.initial());
        }
        return update("INSERT INTO runs(lake, run_id, state, started_at, ended_at, params_json, params_hash, driver)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", lake, runId, state.text(), startedAt.toString(),
                state.finished() ? startedAt.toString() : null, paramsJson, paramsHash, driver) == 1;
    }

    /**
     * Records the run whose published snapshot run {@code runId} builds on (null: nothing was published); its
     * publish succeeds only while that snapshot is still the published one.
     */
    public synchronized void setBase(String runId, String baseRunId) {
        update("UPDATE runs SET base_run_id = ? WHERE lake = ? AND run_id = ?", baseRunId, lake, runId);
    }

    /**
     * A resumed run is running again, one attempt more. Refused when it is running already (another process
     * resumed it first) or cannot run again.
     */
    public synchronized void restartRun(String runId) {
        inTransaction(() -> {
            RunState current = lockedState(runId);
            if (current == RunState.RUNNING) {
                throw new RunStateException("run " + runId + " is running already: another process resumed it");
            }
            restart(runId, current);
            return null;
        });
    }

    /**
     * As {@link #restartRun}, for a job of a run driven task by task: a run another job has already set running is
     * left as it is (two jobs of one run may start at once). Returns whether this call restarted it.
     */
    public synchronized boolean restartRunUnlessRunning(String runId) {
        return inTransaction(() -> {
            RunState current = lockedState(runId);
            if (current == RunState.RUNNING) {
                return false;
            }
            restart(runId, current);
            return true;
        });
    }

    private void restart(String runId, RunState current) throws SQLException {
        requireAllowed(runId, current, RunState.RUNNING);
        compareAndSet(runId, current, "UPDATE runs SET state = ?, ended_at = NULL, error = NULL, warnings = '[]',"
                + " attempts = attempts + 1 WHERE lake = ? AND run_id = ? AND state = ?",
                RunState.RUNNING.text(), lake, runId, current.text());
    }

    /**
     * Adds {@code warning} to a finished run's warnings, e.g. its {@code --sink} export failed after it published:
     * the state stays as it was; a succeeded run then shows as succeeded with warnings.
     */
    public synchronized void addWarning(String runId, String warning) {
        RunRecord run = run(runId).orElseThrow(() -> new RunStateException("no run " + runId + " in " + describe()));
        if (!run.state().finished()) {
            throw new RunStateException("run " + runId + " is " + run.state() + "; warnings are added to finished runs");
        }
        List<String> warnings = new ArrayList<>(run.warnings());
        warnings.add(Redaction.redact(warning));
        update("UPDATE runs SET warnings = ? WHERE lake = ? AND run_id = ?", warningsJson(warnings), lake, runId);
    }

    public synchronized void finishRun(String runId, RunState state, Instant endedAt, String error) {
        finishRun(runId, state, endedAt, error, List.of());
    }

    /**
     * Ends a running run. {@code warnings} are what the user must know although the run did its work (rows quarantined
     * within the limit, an input with no rows, a WARN check): a succeeded run with warnings is "succeeded with
     * warnings" for {@code bankdata runs}, the dashboard and the exit code of {@code bankdata run}.
     *
     * <p>A compare-and-set: the run's state changes only if it is still {@code running} when the change is written
     * (one statement with the state in its condition, its row count checked), so of several processes ending one run
     * at once exactly one does; the others get {@link RunStateException} naming the state the winner left.
     */
    public synchronized void finishRun(String runId, RunState state, Instant endedAt, String error, List<String> warnings) {
        inTransaction(() -> {
            RunState current = lockedState(runId);
            if (current != RunState.RUNNING) {
                throw new RunStateException("run " + runId + " is " + current + " and cannot become " + state);
            }
            requireAllowed(runId, current, state);
            compareAndSet(runId, current, "UPDATE runs SET state = ?, ended_at = ?, error = ?, warnings = ?"
                    + " WHERE lake = ? AND run_id = ? AND state = ?", state.text(), endedAt == null ? null : endedAt.toString(),
                    Redaction.redact(error), warningsJson(warnings), lake, runId, current.text());
            return null;
        });
    }

    /**
     * Records a better reason for a failed run's failure (e.g. a publish conflict explained with what to do), when
     * the run is still failed; returns whether it was.
     */
    public synchronized boolean amendFailure(String runId, Instant endedAt, String error) {
        return update("UPDATE runs SET ended_at = ?, error = ? WHERE lake = ? AND run_id = ? AND state = ?",
                endedAt.toString(), Redaction.redact(error), lake, runId, RunState.FAILED.text()) == 1;
    }

    /**
     * Records a task's state and figures: a new task in one of the states a task starts in ({@link TaskState#initial()}),
     * a recorded one only along a transition {@link TaskState#canBecome} allows, as a compare-and-set on the state read,
     * in one transaction. Refused otherwise, naming the task and both states.
     */
    public synchronized void saveTask(TaskRun t) {
        inTransaction(() -> {
            Optional<TaskState> current = lockedTaskState(t.runId(), t.task());
            if (current.isEmpty()) {
                if (!TaskState.initial().contains(t.state())) {
                    throw new RunStateException("task " + t.task() + " of run " + t.runId() + " cannot start " + t.state()
                            + "; a task starts " + TaskState.initial());
                }
                int inserted = update("""
                        INSERT INTO task_runs(lake, run_id, task, state, attempts, started_at, ended_at, rows_in, rows_out,
                          error, outputs_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        lake, t.runId(), t.task(), t.state().text(), t.attempts(), text(t.startedAt()), text(t.endedAt()),
                        t.rowsIn(), t.rowsOut(), Redaction.redact(t.error()), Redaction.redact(t.outputsJson()));
                if (inserted == 0) {
                    throw new RunStateException("task " + t.task() + " of run " + t.runId() + " was recorded by another"
                            + " process at the same time");
                }
                return null;
            }
            requireAllowed(t, current.get(), t.state());
            taskCompareAndSet(t.runId(), t.task(), current.get(), """
                    UPDATE task_runs SET state = ?, attempts = ?, started_at = ?, ended_at = ?, rows_in = ?, rows_out = ?,
                      error = ?, outputs_json = ?
                    WHERE lake = ? AND run_id = ? AND task = ? AND state = ?""",
                    t.state().text(), t.attempts(), text(t.startedAt()), text(t.endedAt()), t.rowsIn(), t.rowsOut(),
                    Redaction.redact(t.error()), Redaction.redact(t.outputsJson()), lake, t.runId(), t.task(),
                    current.get().text());
            return null;
        });
    }

    /** Changes a recorded task's state only (e.g. succeeded → reused when a resumed run takes its outputs as they are). */
    public synchronized void setTaskState(String runId, String task, TaskState state) {
        inTransaction(() -> {
            TaskState current = lockedTaskState(runId, task).orElseThrow(() -> new RunStateException("run " + runId
                    + " has no task " + task + " in " + describe()));
            requireAllowed(new TaskRun(runId, task, current, 0, null, null, null, null, null, null), current, state);
            taskCompareAndSet(runId, task, current, "UPDATE task_runs SET state = ? WHERE lake = ? AND run_id = ? AND task = ?"
                    + " AND state = ?", state.text(), lake, runId, task, current.text());
            return null;
        });
    }

    public synchronized Optional<RunRecord> run(String runId) {
        List<RunRecord> runs = queryRuns("SELECT * FROM runs WHERE lake = ? AND run_id = ?", lake, runId);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    /** The latest {@code limit} runs, newest first. */
    public synchronized List<RunRecord> runs(int limit) {
        return queryRuns("SELECT * FROM runs WHERE lake = ? ORDER BY started_at DESC, run_id DESC LIMIT ?", lake, limit);
    }

    /** The newest run that succeeded (skipped runs excluded). */
    public synchronized Optional<RunRecord> latestSucceeded() {
        List<RunRecord> runs = queryRuns("SELECT * FROM runs WHERE lake = ? AND state = ?"
                + " ORDER BY started_at DESC, run_id DESC LIMIT 1", lake, RunState.SUCCEEDED.text());
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    public synchronized List<TaskRun> tasks(String runId) {
        try {
            return reconnecting(() -> {
                List<TaskRun> tasks = new ArrayList<>();
                try (PreparedStatement q = prepare("SELECT * FROM task_runs WHERE lake = ? AND run_id = ? ORDER BY "
                        + dialect.insertionOrder(), lake, runId); ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        tasks.add(new TaskRun(rs.getString("run_id"), rs.getString("task"), TaskState.of(rs.getString("state")),
                                rs.getInt("attempts"), instant(rs.getString("started_at")), instant(rs.getString("ended_at")),
                                longOrNull(rs, "rows_in"), longOrNull(rs, "rows_out"), Redaction.redact(rs.getString("error")),
                                rs.getString("outputs_json")));
                    }
                }
                return tasks;
            });
        } catch (SQLException e) {
            throw failure(e);
        }
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
        for (RunRecord run : queryRuns("SELECT * FROM runs WHERE lake = ? AND state = ?", lake, RunState.RUNNING.text())) {
            String id = run.runId();
            if (interrupted(id, run.driver(), runningTasks(id), leaseHeld) && markInterrupted(run, now, leaseHeld)) {
                marked.add(id);
            }
        }
        return marked;
    }

    /**
     * Marks one run failed, its running tasks failed and its pending ones not run, in one transaction, if it is still
     * running and still interrupted once locked (its process may have ended it, or another host marked it, meanwhile).
     */
    private boolean markInterrupted(RunRecord run, Instant now, java.util.function.Predicate<String> leaseHeld) {
        String id = run.runId();
        return inTransaction(() -> {
            if (lockedState(id) != RunState.RUNNING || !interrupted(id, run.driver(), runningTasks(id), leaseHeld)) {
                return false;
            }
            String how = "job".equals(run.driver()) ? "bankdata job <task> --run " + id : "bankdata run --resume " + id;
            String error = "the process running it stopped before the run finished (killed?); nothing of it was published;"
                    + " continue it with `" + how + "`";
            compareAndSet(id, RunState.RUNNING, "UPDATE runs SET state = ?, ended_at = ?, error = ? WHERE lake = ? AND run_id = ?"
                    + " AND state = ?", RunState.FAILED.text(), now.toString(), error, lake, id, RunState.RUNNING.text());
            update("UPDATE task_runs SET state = ?, ended_at = ?, error = ? WHERE lake = ? AND run_id = ? AND state = ?",
                    TaskState.FAILED.text(), now.toString(), "interrupted: its process stopped", lake, id, TaskState.RUNNING.text());
            update("UPDATE task_runs SET state = ? WHERE lake = ? AND run_id = ? AND state = ?", TaskState.NOT_RUN.text(), lake,
                    id, TaskState.PENDING.text());
            return true;
        });
    }

    private List<String> runningTasks(String runId) {
        return tasks(runId).stream().filter(t -> t.state() == TaskState.RUNNING).map(TaskRun::task).toList();
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
        queryRuns("SELECT * FROM runs WHERE lake = ? AND state IN (?, ?) AND started_at >= ?", lake, RunState.FAILED.text(),
                RunState.RUNNING.text(),
                Instant.now().minus(RESUMABLE_FOR).toString()).forEach(r -> ids.add(r.runId()));
        return ids;
    }

    /** The SQLite file of the history, or null when it is kept in Postgres (see {@link #location()}). */
    public Path file() {
        return location instanceof HistoryLocation.SqliteFile sqlite ? sqlite.file() : null;
    }

    /** Where the history is kept. */
    public HistoryLocation location() {
        return location;
    }

    /** Where the history is kept, for messages: the SQLite file, or the Postgres database and server. */
    public String describe() {
        return location.describe();
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
        try {
            return reconnecting(() -> {
                List<RunRecord> runs = new ArrayList<>();
                try (PreparedStatement q = prepare(sql, args); ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new RunRecord(rs.getString("run_id"), RunState.of(rs.getString("state")),
                                instant(rs.getString("started_at")), instant(rs.getString("ended_at")), rs.getString("params_json"),
                                rs.getString("params_hash"), Redaction.redact(rs.getString("error")), rs.getString("driver"),
                                rs.getInt("attempts"), warnings(rs.getString("warnings")), rs.getString("base_run_id")));
                    }
                }
                return runs;
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * One state change: the work of {@code change} in one transaction, committed when it returns, rolled back when it
     * throws; run once more on a new connection when the connection was lost (see {@link #reconnecting}).
     */
    private <T> T inTransaction(Change<T> change) {
        try {
            return reconnecting(() -> {
                dialect.beginWrite(db);
                inTransaction = true;
                boolean committed = false;
                try {
                    T result = change.apply();
                    dialect.endWrite(db, true);
                    committed = true;
                    return result;
                } finally {
                    inTransaction = false;
                    if (!committed) {
                        dialect.endWrite(db, false);
                    }
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Does {@code work}; when the connection to a Postgres history was lost (the server restarted, the network
     * dropped it, an operator ended the session), opens a new one and does it once more. The work is a statement or a
     * transaction whose compare-and-set conditions make a second try safe: a change that the lost connection did
     * commit is refused on the second try as "changed by another process". When the new connection cannot be
     * opened either, one line says so.
     */
    private <T> T reconnecting(Change<T> work) throws SQLException {
        try {
            return work.apply();
        } catch (SQLException | LakeException e) {
            SQLException lost = connectionLost(e);
            if (lost == null) {
                throw e;
            }
            reopen(lost);
            return work.apply();
        }
    }

    /** The SQL failure in {@code e} that says the connection to a Postgres history is gone, or null. */
    private SQLException connectionLost(Exception e) {
        if (!(location instanceof HistoryLocation.Postgres)) {
            return null;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || isClosed(db)) {
                    return sql;
                }
            }
        }
        return null;
    }

    private static boolean isClosed(Connection db) {
        try {
            return db.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Replaces the lost connection with a new one, or says in one line why none could be opened. */
    private void reopen(SQLException lost) {
        closeQuietly(db);
        try {
            Connection again = HistoryDatabase.connect(location, readOnly);
            if (!readOnly) {
                dialect.configure(again);
            }
            db = again;
            LOG.warn("the connection to the run history's {} was lost ({}); reconnected", describe(),
                    PostgresConnections.firstLine(lost));
        } catch (SQLException | LakeException e) {
            throw new LakeException("lost the connection to the run history's " + describe() + " ("
                    + PostgresConnections.firstLine(lost) + ") and could not reconnect: " + (e instanceof SQLException sql
                            ? PostgresConnections.firstLine(sql) : e.getMessage()), e);
        }
    }

    /** The work of one transaction. */
    private interface Change<T> {
        T apply() throws SQLException;
    }

    /** A run's state, its row locked until the transaction ends (Postgres; SQLite holds the write lock already). */
    private RunState lockedState(String runId) throws SQLException {
        try (PreparedStatement q = prepare("SELECT state FROM runs WHERE lake = ? AND run_id = ?" + dialect.lockRow(), lake, runId);
                ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                throw new RunStateException("no run " + runId + " in " + describe());
            }
            return RunState.of(rs.getString(1));
        }
    }

    /** A recorded task's state, its row locked until the transaction ends; empty when the task is not recorded. */
    private Optional<TaskState> lockedTaskState(String runId, String task) throws SQLException {
        try (PreparedStatement q = prepare("SELECT state FROM task_runs WHERE lake = ? AND run_id = ? AND task = ?"
                + dialect.lockRow(), lake, runId, task); ResultSet rs = q.executeQuery()) {
            return rs.next() ? Optional.of(TaskState.of(rs.getString(1))) : Optional.empty();
        }
    }

    /** Refuses a state change {@link RunState#canBecome} does not allow, naming the run and both states. */
    private static void requireAllowed(String runId, RunState current, RunState next) {
        if (!current.canBecome(next)) {
            throw new RunStateException("run " + runId + " is " + current + " and cannot become " + next);
        }
    }

    /** Refuses a task state change {@link TaskState#canBecome} does not allow, naming the task, the run and both states. */
    private static void requireAllowed(TaskRun task, TaskState current, TaskState next) {
        if (!current.canBecome(next)) {
            throw new RunStateException("task " + task.task() + " of run " + task.runId() + " is " + current
                    + " and cannot become " + next);
        }
    }

    /** Runs an UPDATE whose condition holds the state read ({@code expected}); refused when it changed no row. */
    private void compareAndSet(String runId, RunState expected, String sql, Object... args) throws SQLException {
        if (updateOrThrow(sql, args) != 1) {
            throw new RunStateException("run " + runId + " is no longer " + expected + ": another process changed it");
        }
    }

    private void taskCompareAndSet(String runId, String task, TaskState expected, String sql, Object... args) throws SQLException {
        if (updateOrThrow(sql, args) != 1) {
            throw new RunStateException("task " + task + " of run " + runId + " is no longer " + expected
                    + ": another process changed it");
        }
    }

    private int update(String sql, Object... args) {
        try {
            return inTransaction ? updateOrThrow(sql, args) : reconnecting(() -> updateOrThrow(sql, args));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private int updateOrThrow(String sql, Object... args) throws SQLException {
        try (PreparedStatement u = prepare(sql, args)) {
            return u.executeUpdate();
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
        if (location instanceof HistoryLocation.Postgres postgres && e.getSQLState() != null && e.getSQLState().startsWith("08")) {
            return PostgresConnections.unreachable(postgres, e);
        }
        return NotAHistory.of(location, e)
                .orElseGet(() -> new LakeException("run history " + describe() + ": " + PostgresConnections.firstLine(e), e));
    }

    private static String warningsJson(List<String> warnings) {
        try {
            return JSON.writeValueAsString(warnings == null ? List.of() : warnings.stream().map(Redaction::redact).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The warnings column: a JSON array of strings ({@code []} when there is none), passwords taken out. */
    public static List<String> warnings(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return java.util.Arrays.stream(JSON.readValue(json, String[].class)).map(Redaction::redact).toList();
        } catch (JsonProcessingException e) {
            return List.of(Redaction.redact(json));
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
