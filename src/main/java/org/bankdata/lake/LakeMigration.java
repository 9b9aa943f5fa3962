package org.bankdata.lake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.bankdata.errors.LakeException;

/**
 * Registers a release's Parquet files, as they are, in the lake's Iceberg tables: the files a release record of the
 * earlier layout names (every file of its {@code tables/<table>/v_<run-id>} folders), or the files of a record whose
 * catalog is not at hand (a copied lake folder). Nothing is rewritten: each table gets one snapshot on {@code main}
 * appending those files, tagged {@code release_<run-id>}, and a new release record names it.
 */
public final class LakeMigration {
    private final LakeSite site;

    public LakeMigration(LakeSite site) {
        this.site = site;
    }

    /** Registers {@code release}'s files and publishes the record naming the new snapshots; returns it. */
    public Snapshot register(Snapshot release) {
        LakeCatalog catalog = site.icebergCatalog();
        Map<String, PublishedTable> tables = new LinkedHashMap<>();
        for (PublishedTable t : release.tables().values()) {
            List<String> keys = t.isEarlierLayout() ? site.storage().files(t.path()).stream()
                    .filter(k -> k.endsWith(".parquet")).toList() : t.files();
            Table table = catalog.table(t.name());
            AppendFiles append = table.newAppend();
            for (String key : keys) {
                append.appendFile(dataFile(table, key));
            }
            append.commit();
            long id = catalog.table(t.name()).currentSnapshot().snapshotId();
            catalog.release(t.name(), id, release.runId());
            tables.put(t.name(), new PublishedTable(t.name(), LakeLayout.tableKey(t.name()), t.rows(), t.runId(), id,
                    catalog.files(t.name(), id)));
        }
        Snapshot registered = new Snapshot(release.runId(), release.publishedAt(), tables, release.baseRunId());
        site.snapshots().publish(registered);
        return registered;
    }

    private DataFile dataFile(Table table, String key) {
        String location = site.location().resolve(key).uri();
        InputFile in = table.io().newInputFile(location);
        DataFiles.Builder file = DataFiles.builder(table.spec()).withPath(location).withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(in.getLength()).withMetrics(ParquetUtil.fileMetrics(in, MetricsConfig.forTable(table)));
        if (table.spec().isPartitioned()) {
            String partition = table.spec().fields().get(0).name() + "=";
            String part = java.util.Arrays.stream(key.split("/")).filter(s -> s.startsWith(partition)).findFirst()
                    .orElseThrow(() -> new LakeException("file " + key + " of table " + table.name() + " lies in no "
                            + partition + "<value> folder"));
            file.withPartitionPath(part);
        }
        return file.build();
    }
}
