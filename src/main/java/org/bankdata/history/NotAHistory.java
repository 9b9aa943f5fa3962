package org.bankdata.history;

import java.sql.SQLException;
import java.util.Optional;
import org.bankdata.errors.LakeException;

/**
 * A {@code --history} (or a lake's {@code runs/history.db}) that is some other file: SQLite says it is not a
 * database (SQLITE_NOTADB). Said in one line naming the file, instead of SQLite's own text.
 */
final class NotAHistory {
    /** SQLite's primary result code for a file that is not a database. */
    private static final int SQLITE_NOTADB = 26;

    private NotAHistory() {
    }

    /** The one-line failure when {@code e} says the SQLite file at {@code location} is not a database. */
    static Optional<LakeException> of(HistoryLocation location, SQLException e) {
        if (location instanceof HistoryLocation.SqliteFile sqlite && (e.getErrorCode() & 0xff) == SQLITE_NOTADB) {
            return Optional.of(new LakeException(sqlite.file() + " is not a run history database (it is not a SQLite file);"
                    + " name the right file with --history, or move this one away", e));
        }
        return Optional.empty();
    }
}
