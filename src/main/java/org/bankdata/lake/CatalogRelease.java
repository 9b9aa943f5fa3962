package org.bankdata.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The catalog side of a publish: for each table of a run, its snapshot (for the tables the run wrote, the one its
 * finished attempt recorded, or the run branch's head for a table written in parts; for tables it reused, the recorded
 * one) becomes {@code main}, tagged {@code release_<run-id>}, and the run's branches are removed, in one commit per
 * table; returns the release record naming those snapshots and their data files. Safe to repeat after a
 * crash: a table already released is found by its tag and not committed again.
 */
public record CatalogRelease(LakeCatalog catalog) implements UnaryOperator<Snapshot> {
    @Override
    public Snapshot apply(Snapshot next) {
        Map<String, PublishedTable> released = new LinkedHashMap<>();
        for (PublishedTable t : next.tables().values()) {
            long id = t.runId().equals(next.runId()) ? catalog.runSnapshot(t.name(), next.runId(), t.snapshotId()) : t.snapshotId();
            catalog.release(t.name(), id, next.runId());
            released.put(t.name(), new PublishedTable(t.name(), t.path(), t.rows(), t.runId(), id, catalog.files(t.name(), id)));
        }
        return new Snapshot(next.runId(), next.publishedAt(), released, next.baseRunId());
    }
}
