package org.bankdata.history;

import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeLocks;

/**
 * A lake's run history together with the locks that say who is working on the lake, chosen together because
 * they must be visible to the same processes: a SQLite history with the lake's file locks (one host), a Postgres
 * history with {@link PostgresLakeLocks} (the hosts of a deployment). Closing it closes the history.
 *
 * @param history the lake's run history, open for writing (its schema created when needed)
 * @param locks   the lake's leases and publish lock
 */
public record HistoryStore(RunHistory history, LakeLocks locks) implements AutoCloseable {
    public HistoryStore {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(locks, "locks");
    }

    /**
     * Opens the history at {@code location} for lake {@code lake} (a local lake: its folder's absolute path, as
     * {@link RunHistory#lakeOf} gives it) and its locks: in Postgres, advisory locks in the same database; with a
     * SQLite history, the lake's file locks (OS locks on files under the lake folder).
     */
    public static HistoryStore open(HistoryLocation location, String lake) {
        return new HistoryStore(RunHistory.open(location, lake), locks(location, lake));
    }

    /**
     * The locks that go with a history at {@code location}, without opening the history: advisory locks in its
     * Postgres database, or the lake's file locks for a SQLite history.
     */
    public static LakeLocks locks(HistoryLocation location, String lake) {
        return location instanceof HistoryLocation.Postgres postgres ? new PostgresLakeLocks(postgres, lake)
                : new LakeFileLocks(new LakeLayout(Path.of(lake)));
    }

    @Override
    public void close() {
        history.close();
    }
}
