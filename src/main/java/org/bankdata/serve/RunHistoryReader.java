package org.bankdata.serve;

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
import org.bankdata.history.ReadOnlyConnection;
import org.bankdata.history.RunHistory;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RunLease;

/**
 * Reads the pipeline's run history ({@code <lake>/runs/history.db}, SQLite, tables {@code runs} and
 * {@code task_runs}) read-only, so the dashboard can never change or lock it for a running pipeline.
 */
final class RunHistoryReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    record TaskRun(String task, String state, int attempts, String startedAt, String endedAt, Long rowsIn, Long rowsOut,
                   String error) {
    }

    /** {@code state} is as users see it: {@code succeeded_with_warnings} for a succeeded run with warnings. */
    record Run(String runId, String state, String startedAt, String endedAt, JsonNode params, String error,
               List<String> warnings, List<TaskRun> tasks) {
    }

    private final Path file;
    private final LakeLayout layout;

    RunHistoryReader(LakeLayout layout) {
        this.file = RunHistory.file(layout);
        this.layout = layout;
    }

    Path file() {
        return file;
    }

    /** The most recent runs, newest first, with their tasks; empty when the lake has no run history. */
    Optional<List<Run>> recent(int limit) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Connection db = ReadOnlyConnection.open(file, 2000)) {
            Map<String, List<TaskRun>> tasks = new LinkedHashMap<>();
            List<Object[]> runs = new ArrayList<>();
            // a history written by an older bankdata has no warnings column until a run opens it for writing
            String warnings = hasColumn(db, "runs", "warnings") ? "warnings" : "'[]'";
            String driver = hasColumn(db, "runs", "driver") ? "driver" : "'run'";
            try (PreparedStatement st = db.prepareStatement("SELECT run_id, state, started_at, ended_at, params_json, error, "
                    + warnings + ", " + driver + " FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?")) {
                st.setInt(1, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), RunHistory.warnings(rs.getString(7)), rs.getString(8)});
                        tasks.put(rs.getString(1), new ArrayList<>());
                    }
                }
            }
            try (PreparedStatement st = db.prepareStatement("SELECT t.run_id, t.task, t.state, t.attempts, t.started_at,"
                    + " t.ended_at, t.rows_in, t.rows_out, t.error FROM task_runs t JOIN (SELECT run_id FROM runs"
                    + " ORDER BY started_at DESC, run_id DESC LIMIT ?) r USING (run_id)"
                    + " ORDER BY t.run_id, coalesce(t.started_at, '9999'), t.task")) {
                st.setInt(1, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        tasks.get(rs.getString(1)).add(new TaskRun(rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getString(5), rs.getString(6), nullableLong(rs, 7), nullableLong(rs, 8),
                                rs.getString(9)));
                    }
                }
            }
            List<Run> out = new ArrayList<>();
            for (Object[] r : runs) {
                String runId = (String) r[0];
                String error = (String) r[5];
                @SuppressWarnings("unchecked")
                List<String> runWarnings = (List<String>) r[6];
                String state = RunHistory.SUCCEEDED.equals(r[1]) && !runWarnings.isEmpty()
                        ? RunHistory.SUCCEEDED_WITH_WARNINGS : (String) r[1];
                List<String> runningTasks = tasks.get(runId).stream().filter(t -> RunHistory.RUNNING.equals(t.state()))
                        .map(TaskRun::task).toList();
                if (RunHistory.RUNNING.equals(state)
                        && RunHistory.interrupted(runId, (String) r[7], runningTasks, holder -> RunLease.isHeld(layout, holder))) {
                    state = RunHistory.FAILED;
                    error = "its process stopped before the run finished (killed?); nothing of it was published";
                }
                out.add(new Run(runId, state, (String) r[2], (String) r[3], params((String) r[4]), error, runWarnings,
                        tasks.get(runId)));
            }
            return Optional.of(out);
        } catch (SQLException e) {
            throw new ApiException(500, "cannot read the run history " + file + ": " + BoundedQuery.firstLine(e.getMessage()));
        }
    }

    private static boolean hasColumn(Connection db, String table, String column) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE name = ?")) {
            st.setString(1, table);
            st.setString(2, column);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
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
