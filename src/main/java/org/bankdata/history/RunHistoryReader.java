package org.bankdata.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.Redaction;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RunLease;

/**
 * Reads a lake's run history (by default {@code <lake>/runs/history.db}, or a Postgres database, see
 * {@link HistoryLocation}; tables {@code runs} and {@code task_runs}) read-only, for the dashboard: it can never
 * change or lock the history for a running pipeline, reads a read-only lake ({@link ReadOnlyConnection}'s immutable
 * fallback) and a file written by an older bankdata as it is (columns added since are read as their defaults). A
 * run recorded as running whose process is gone (its lease is not held, as {@code leaseHeld} tells) is shown as
 * failed.
 */
public final class RunHistoryReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One task of a run, as the runs page shows it. */
    public record Task(String task, TaskState state, int attempts, String startedAt, String endedAt, Long rowsIn,
            Long rowsOut, String error) {
    }

    /** One run; {@code state} is as users see it ({@link RunState#display}), e.g. {@code succeeded_with_warnings}. */
    public record Run(String runId, String state, String startedAt, String endedAt, JsonNode params, String error,
            List<String> warnings, List<Task> tasks) {
    }

    private final HistoryLocation location;
    private final String lake;
    private final Predicate<String> leaseHeld;

    /** The lake's own history file, runs/history.db, with the lake's file leases. */
    public RunHistoryReader(LakeLayout layout) {
        this(HistoryLocation.inLake(layout), RunHistory.lakeOf(layout), holder -> RunLease.isHeld(layout, holder));
    }

    /**
     * Lake {@code lake}'s runs in the history at {@code location}; {@code leaseHeld} tells whether a live process
     * holds a lease ({@code LakeLocks::isHeld} of the lake).
     */
    public RunHistoryReader(HistoryLocation location, String lake, Predicate<String> leaseHeld) {
        this.location = location;
        this.lake = RunHistory.lakeKey(location, lake);
        this.leaseHeld = leaseHeld;
    }

    /** The SQLite file read, or null for a history kept in Postgres. */
    public Path file() {
        return location instanceof HistoryLocation.SqliteFile sqlite ? sqlite.file() : null;
    }

    /** Where the history is kept, for messages. */
    public String describe() {
        return location instanceof HistoryLocation.SqliteFile sqlite ? sqlite.file().getFileName().toString()
                : location.describe();
    }

    /** The most recent runs, newest first, with their tasks; empty when the lake has no run history. */
    public Optional<List<Run>> recent(int limit) {
        if (location instanceof HistoryLocation.SqliteFile sqlite && !Files.isRegularFile(sqlite.file())) {
            return Optional.empty();
        }
        HistoryDialect dialect = RunHistory.dialectOf(location);
        try (Connection db = location instanceof HistoryLocation.SqliteFile sqlite ? ReadOnlyConnection.open(sqlite.file(), 2000)
                : HistoryDatabase.connect(location, true)) {
            if (!dialect.hasTable(db, "runs")) {
                return Optional.empty();
            }
            Map<String, List<Task>> tasks = new LinkedHashMap<>();
            List<StoredRun> runs = new ArrayList<>();
            // a history written by an older bankdata has no warnings column until a run opens it for writing
            String warnings = dialect.hasColumn(db, "runs", "warnings") ? "warnings" : "'[]'";
            String driver = dialect.hasColumn(db, "runs", "driver") ? "driver" : "'run'";
            String runsLake = dialect.hasColumn(db, "runs", "lake") ? "lake" : "''";
            String tasksLake = dialect.hasColumn(db, "task_runs", "lake") ? "t.lake" : "''";
            try (PreparedStatement st = db.prepareStatement("SELECT run_id, state, started_at, ended_at, params_json, error, "
                    + warnings + ", " + driver + " FROM runs WHERE " + runsLake + " = ?"
                    + " ORDER BY started_at DESC, run_id DESC LIMIT ?")) {
                st.setString(1, lake);
                st.setInt(2, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new StoredRun(rs.getString(1), RunState.of(rs.getString(2)), rs.getString(3),
                                rs.getString(4), Redaction.redact(rs.getString(5)), Redaction.redact(rs.getString(6)),
                                RunHistory.warnings(rs.getString(7)),
                                rs.getString(8)));
                        tasks.put(rs.getString(1), new ArrayList<>());
                    }
                }
            }
            try (PreparedStatement st = db.prepareStatement("SELECT t.run_id, t.task, t.state, t.attempts, t.started_at,"
                    + " t.ended_at, t.rows_in, t.rows_out, t.error FROM task_runs t JOIN (SELECT run_id FROM runs"
                    + " WHERE " + runsLake + " = ? ORDER BY started_at DESC, run_id DESC LIMIT ?) r ON t.run_id = r.run_id"
                    + " WHERE " + tasksLake + " = ?"
                    + " ORDER BY t.run_id, coalesce(t.started_at, '9999'), t.task")) {
                st.setString(1, lake);
                st.setInt(2, limit);
                st.setString(3, lake);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        tasks.get(rs.getString(1)).add(new Task(rs.getString(2), TaskState.of(rs.getString(3)),
                                rs.getInt(4), rs.getString(5), rs.getString(6), nullableLong(rs, 7), nullableLong(rs, 8),
                                Redaction.redact(rs.getString(9))));
                    }
                }
            }
            List<Run> out = new ArrayList<>();
            for (StoredRun r : runs) {
                String state = r.state().display(r.warnings());
                String error = r.error();
                List<String> runningTasks = tasks.get(r.runId()).stream().filter(t -> t.state() == TaskState.RUNNING)
                        .map(Task::task).toList();
                if (r.state() == RunState.RUNNING
                        && RunHistory.interrupted(r.runId(), r.driver(), runningTasks, leaseHeld)) {
                    state = RunState.FAILED.text();
                    error = "its process stopped before the run finished (killed?); nothing of it was published";
                }
                out.add(new Run(r.runId(), state, r.startedAt(), r.endedAt(), params(r.paramsJson()), error, r.warnings(),
                        tasks.get(r.runId())));
            }
            return Optional.of(out);
        } catch (SQLException e) {
            NotAHistory.of(location, e).ifPresent(notAHistory -> {
                throw notAHistory;
            });
            String message = e.getMessage() == null ? "query failed" : e.getMessage().lines().findFirst().orElse("query failed");
            throw new LakeException("cannot read the run history " + location.describe() + ": " + message, e);
        }
    }

    /** A row of {@code runs} as stored. */
    private record StoredRun(String runId, RunState state, String startedAt, String endedAt, String paramsJson,
            String error, List<String> warnings, String driver) {
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static JsonNode params(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
