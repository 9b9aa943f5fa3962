package org.bankdata.history;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.bankdata.errors.LakeException;

/**
 * Connections to a run history and its schema: the dialect's DDL file from the jar, then the columns added since
 * the first release ({@link #ADDED_COLUMNS}), then the indexes, in one transaction that processes opening the
 * database at once take in turn.
 */
final class HistoryDatabase {
    private HistoryDatabase() {
    }

    /**
     * Columns added after the first release (table, column, definition): a history written by an older bankdata
     * gets them when it is opened for writing, existing rows taking the default. The definitions are valid in both
     * databases.
     */
    private static final List<List<String>> ADDED_COLUMNS = List.of(
            List.of("runs", "driver", "TEXT NOT NULL DEFAULT 'run'"),
            List.of("runs", "attempts", "INTEGER NOT NULL DEFAULT 1"),
            List.of("runs", "warnings", "TEXT NOT NULL DEFAULT '[]'"),
            List.of("task_runs", "outputs_json", "TEXT"),
            List.of("runs", "base_run_id", "TEXT"),
            List.of("runs", "lake", "TEXT NOT NULL DEFAULT ''"),
            List.of("task_runs", "lake", "TEXT NOT NULL DEFAULT ''"));

    /**
     * Creates the tables of the dialect's schema file, adds the columns an older history lacks, then creates the
     * indexes, in one transaction taken so that two processes opening it at once take turns.
     */
    static void createSchema(Connection db, HistoryDialect dialect) throws SQLException {
        List<String> schema = dialect.schema();
        dialect.beginSchemaChange(db);
        boolean done = false;
        try (Statement s = db.createStatement()) {
            for (String ddl : schema) {
                if (ddl.startsWith("CREATE TABLE")) {
                    s.execute(ddl);
                }
            }
            for (List<String> added : ADDED_COLUMNS) {
                if (!dialect.hasColumn(db, added.get(0), added.get(1))) {
                    s.execute("ALTER TABLE " + added.get(0) + " ADD COLUMN " + added.get(1) + " " + added.get(2));
                }
            }
            for (String ddl : schema) {
                if (!ddl.startsWith("CREATE TABLE")) {
                    s.execute(ddl);
                }
            }
            done = true;
        } finally {
            dialect.endSchemaChange(db, done);
        }
    }

    /** Whether a history has been recorded at {@code location} (a Postgres database: whether its tables exist). */
    static boolean exists(HistoryLocation location) {
        if (location instanceof HistoryLocation.SqliteFile sqlite) {
            return Files.isRegularFile(sqlite.file());
        }
        try (Connection db = connect(location, true)) {
            return HistoryDialect.POSTGRES.hasTable(db, "runs");
        } catch (SQLException e) {
            throw new LakeException("cannot read the run history " + location.describe() + ": "
                    + PostgresConnections.firstLine(e), e);
        }
    }

    /**
     * A connection to the history; {@code readOnly}: one that cannot write (SQLite: also on a read-only lake, see
     * {@link ReadOnlyConnection}; Postgres: every transaction read-only).
     */
    static Connection connect(HistoryLocation location, boolean readOnly) {
        if (location instanceof HistoryLocation.SqliteFile sqlite) {
            try {
                if (readOnly) {
                    return ReadOnlyConnection.open(sqlite.file(), 15000);
                }
                Files.createDirectories(sqlite.file().toAbsolutePath().getParent());
                return DriverManager.getConnection("jdbc:sqlite:" + sqlite.file());
            } catch (java.io.IOException | SQLException e) {
                if (e instanceof SQLException sql) {
                    NotAHistory.of(location, sql).ifPresent(notAHistory -> {
                        throw notAHistory;
                    });
                }
                throw new LakeException("cannot " + (readOnly ? "read" : "open") + " the run history " + sqlite.file()
                        + ": " + (e instanceof SQLException sql ? PostgresConnections.firstLine(sql) : e.toString())
                        + (readOnly ? "" : "; check the lake folder is writable"), e);
            }
        }
        HistoryLocation.Postgres postgres = (HistoryLocation.Postgres) location;
        Connection db = PostgresConnections.connect(postgres);
        if (readOnly) {
            try (Statement s = db.createStatement()) {
                s.execute("SET default_transaction_read_only = on");
            } catch (SQLException e) {
                closeQuietly(db);
                throw PostgresConnections.unreachable(postgres, e);
            }
        }
        return db;
    }

    static void closeQuietly(Connection db) {
        try {
            db.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

}
