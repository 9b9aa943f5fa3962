package org.bankdata.lake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The set of table versions readers see. A new snapshot replaces the old one in a single atomic file
 * move, so a reader sees every table of one run or every table of the next, never a mix or a half.
 *
 * @param baseRunId the run whose snapshot was published when this one's run started building (null: the lake
 *                  had none). Publishing is a compare-and-swap on it: see {@link SnapshotStore#publish}.
 */
public record Snapshot(String runId, Instant publishedAt, Map<String, PublishedTable> tables,
        @JsonInclude(JsonInclude.Include.NON_NULL) String baseRunId) {
    public Snapshot {
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** A snapshot built on nothing published (the first of a lake, or a test fixture). */
    public Snapshot(String runId, Instant publishedAt, Map<String, PublishedTable> tables) {
        this(runId, publishedAt, tables, null);
    }

    public PublishedTable table(String name) {
        return tables.get(name);
    }
}
