package org.bankdata.history;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The run history contract on SQLite: each lake its own file, as runs/history.db in the lake keeps it. */
class SqliteRunHistoryTest extends RunHistoryContract {
    @TempDir
    Path dir;

    @Override
    HistoryLocation location(String lake) {
        return new HistoryLocation.SqliteFile(dir.resolve(lake.substring(1)).resolve("runs/history.db"));
    }
}
