package org.bankdata.lake;

import java.util.List;

/**
 * One table as a release (or a run, before it publishes) exposes it.
 *
 * @param name       table name, e.g. fact_complaints
 * @param path       the table's folder, relative to the lake root ({@code tables/<table>})
 * @param rows       row count
 * @param runId      the run that wrote this version
 * @param snapshotId the Iceberg snapshot of the table holding this version (null only in a record of the earlier
 *                   layout, which named a folder {@code tables/<table>/v_<run-id>} instead)
 * @param files      its data files, lake-relative, as the Iceberg catalog lists them for {@code snapshotId}: what
 *                   bankdata's own readers (DuckDB) read
 */
public record PublishedTable(String name, String path, long rows, String runId, Long snapshotId, List<String> files) {
    public PublishedTable {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Whether this record names a folder of the earlier layout rather than an Iceberg snapshot. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEarlierLayout() {
        return snapshotId == null;
    }
}
