package org.bankdata.metastore;

import java.util.List;
import java.util.Objects;
import org.bankdata.catalog.TableDef;

/**
 * One published table as an engine outside bankdata should see it: its declaration, the folder of its
 * published version as that engine reaches it (e.g. {@code s3://bucket/prefix/tables/dim_period/v_<run-id>}),
 * and, for a partitioned table, the partition values that version has a folder for.
 */
public record ExternalTable(TableDef table, String location, List<String> partitions) {
    public ExternalTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(location, "location");
        partitions = List.copyOf(partitions);
        if (location.endsWith("/")) {
            throw new IllegalArgumentException("location " + location + " ends with /");
        }
    }

    /** The folder of one partition: {@code <location>/<column>=<value>}. */
    public String partitionLocation(String value) {
        return location + "/" + table.partitionColumn() + "=" + value;
    }
}
