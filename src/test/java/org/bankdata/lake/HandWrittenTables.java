package org.bankdata.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Release records of Parquet files a test wrote by hand (DuckDB), for tests of bankdata's readers, which read the
 * files a release names: no Iceberg catalog is involved, so the snapshot id is a made-up one per run.
 */
public final class HandWrittenTables {
    private HandWrittenTables() {
    }

    /** {@code tables/<table>/data/<run-id>}: where a test writes a table's hand-made files. */
    public static Path folder(LakeLayout layout, String table, String runId) throws IOException {
        return Files.createDirectories(layout.root().resolve(LakeLayout.tableKey(table)).resolve("data").resolve(runId));
    }

    /** {@code table} as a release names it: every Parquet file under {@code dir}. */
    public static PublishedTable of(LakeLayout layout, String table, Path dir, long rows, String runId) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new PublishedTable(table, LakeLayout.tableKey(table), rows, runId, (long) runId.hashCode(),
                    walk.filter(p -> p.toString().endsWith(".parquet")).map(layout::relative).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
