package org.bankdata.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens the run history for reading only, also on a lake nobody may write (a read-only mount, another
 * user's folder). A WAL-mode SQLite file normally needs its {@code -shm} file even to read; when that file
 * cannot be created, SQLite's {@code immutable=1} open is used instead: it reads the main file only and
 * takes no locks. That is right when the folder cannot be written, since then no run can be writing the
 * history either; what a writer with other permissions left in an un-checkpointed {@code -wal} file is
 * not seen (runs record their end with a checkpoint when their connection closes, so this is at most the
 * run still going).
 */
public final class ReadOnlyConnection {
    private ReadOnlyConnection() {
    }

    public static Connection open(Path file, int busyTimeoutMillis) throws SQLException {
        try {
            Connection db = config(busyTimeoutMillis).createConnection("jdbc:sqlite:" + file);
            try (Statement probe = db.createStatement()) {
                probe.executeQuery("SELECT count(*) FROM sqlite_master").close();
                return db;
            } catch (SQLException e) {
                db.close();
                throw e;
            }
        } catch (SQLException readOnly) {
            try {
                Connection db = config(busyTimeoutMillis).createConnection("jdbc:sqlite:"
                        + file.toAbsolutePath().toUri() + "?immutable=1");
                try (Statement probe = db.createStatement()) {
                    probe.executeQuery("SELECT count(*) FROM sqlite_master").close();
                }
                return db;
            } catch (SQLException immutable) {
                readOnly.addSuppressed(immutable);
                throw readOnly;
            }
        }
    }

    private static SQLiteConfig config(int busyTimeoutMillis) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.setBusyTimeout(busyTimeoutMillis);
        return config;
    }
}
