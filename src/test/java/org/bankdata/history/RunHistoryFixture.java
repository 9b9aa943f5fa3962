package org.bankdata.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes a run-history database as the pipeline keeps it (SQLite, WAL), with two runs. */
public final class RunHistoryFixture {
    private RunHistoryFixture() {
    }

    public static void write(Path file) throws SQLException {
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE runs(run_id TEXT PRIMARY KEY, state TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT,"
                    + " params_json TEXT NOT NULL, params_hash TEXT NOT NULL, error TEXT)");
            st.execute("CREATE TABLE task_runs(run_id TEXT NOT NULL, task TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,"
                    + " started_at TEXT, ended_at TEXT, rows_in INTEGER, rows_out INTEGER, error TEXT, PRIMARY KEY(run_id, task))");
            st.execute("INSERT INTO runs VALUES"
                    + " ('20261124T040000Z-a', 'succeeded', '2026-11-24T04:00:00Z', '2026-11-24T04:00:13Z',"
                    + "  '{\"master\":\"local[*]\"}', 'h1', NULL),"
                    + " ('20261124T050000Z-b', 'failed', '2026-11-24T05:00:00Z', '2026-11-24T05:00:09Z',"
                    + "  '{\"master\":\"local[*]\",\"apiUrl\":\"http://127.0.0.1:9/odata\"}', 'h2', 'extract_fees failed: connection refused')");
            st.execute("INSERT INTO task_runs VALUES"
                    + " ('20261124T040000Z-a', 'extract_complaints', 'succeeded', 1, '2026-11-24T04:00:01Z', '2026-11-24T04:00:05Z', 892, 892, NULL),"
                    + " ('20261124T050000Z-b', 'extract_complaints', 'succeeded', 1, '2026-11-24T05:00:01Z', '2026-11-24T05:00:05Z', 892, 892, NULL),"
                    + " ('20261124T050000Z-b', 'extract_fees', 'failed', 3, '2026-11-24T05:00:05Z', '2026-11-24T05:00:09Z', NULL, NULL,"
                    + "  'connection refused')");
        }
    }
}
