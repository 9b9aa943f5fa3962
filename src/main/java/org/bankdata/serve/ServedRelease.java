package org.bankdata.serve;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.lake.Snapshot;
import org.bankdata.query.ServedDatabase;

/**
 * One published release opened as a DuckDB database, counted: the server holds one reference while the release is
 * the served one and every request holds one while it reads; the database is closed (and its spill folder removed)
 * when the last reference is released, so a request that started on a release finishes on it after a swap.
 */
final class ServedRelease {
    private final Snapshot snapshot;
    private final ServedDatabase engine;
    private final Path spillDir;
    private final AtomicInteger refs = new AtomicInteger(1);

    ServedRelease(Snapshot snapshot, ServedDatabase engine, Path spillDir) {
        this.snapshot = snapshot;
        this.engine = engine;
        this.spillDir = spillDir;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    ServedDatabase engine() {
        return engine;
    }

    /** Whether this is the release {@code published} names (the same run, published at the same instant). */
    boolean isOf(Snapshot published) {
        return snapshot.runId().equals(published.runId()) && snapshot.publishedAt().equals(published.publishedAt());
    }

    /** Takes a reference, unless the release is already closed (its last reference released). */
    boolean tryAcquire() {
        while (true) {
            int held = refs.get();
            if (held == 0) {
                return false;
            }
            if (refs.compareAndSet(held, held + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            engine.close();
            SpillFolder.remove(spillDir);
        }
    }
}
