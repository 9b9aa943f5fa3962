package org.bankdata.lake;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The set of table versions readers see. A new snapshot replaces the old one in a single atomic file
 * move, so a reader sees every table of one run or every table of the next, never a mix or a half.
 */
public record Snapshot(String runId, Instant publishedAt, Map<String, PublishedTable> tables) {
    public Snapshot {
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    public PublishedTable table(String name) {
        return tables.get(name);
    }
}
