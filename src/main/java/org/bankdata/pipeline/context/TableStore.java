package org.bankdata.pipeline.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.bankdata.catalog.TableDef;
import org.bankdata.concurrent.Futures;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeStorage;
import org.bankdata.lake.LocalLakeStorage;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.S3Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes a run's tables as Parquet under {@code tables/<table>/v_<run-id>/} and reads them back for the
 * next tasks. Every table is written through its declaration ({@link TableDef}, in {@code org.bankdata.catalog}):
 * rows whose columns differ from the declared names, order or types fail the task before anything is written.
 * Nothing written here is visible to readers until the publish step names it in a snapshot.
 */
public final class TableStore {
    private static final Logger LOG = LoggerFactory.getLogger(TableStore.class);
    /** Tables written at once by {@link #writeAll}: small jobs are driver-bound, two overlap well on 2 cores. */
    private static final int WRITERS = 2;
    private final SparkSession spark;
    private final LakeStorage storage;
    private final String runId;
    private final Supplier<Map<String, PublishedTable>> upstream;
    private final Map<String, PublishedTable> written = new LinkedHashMap<>();

    /** {@code upstream}: the tables of the run's finished tasks, which {@link #read} and {@link #written} see too. */
    public TableStore(SparkSession spark, LakeStorage storage, String runId, Supplier<Map<String, PublishedTable>> upstream) {
        this.spark = spark;
        this.storage = storage;
        this.runId = runId;
        this.upstream = upstream;
    }

    /** The tables of a local lake folder. */
    public TableStore(SparkSession spark, LakeLayout layout, String runId) {
        this(spark, new LocalLakeStorage(layout.root()), runId, Map::of);
    }

    /** Writes {@code rows} as this run's version of {@code declared}; returns its row count. */
    public long write(TableDef declared, Dataset<Row> rows) {
        declared.requireColumns(rows.schema());
        String table = declared.name();
        String dir = LakeLayout.tableVersionKey(table, runId);
        long t0 = System.nanoTime();
        writeParquet(table, rows, storage.location(dir));
        long count = ParquetFooters.rowCount(spark, storage.location(dir));
        LOG.debug("wrote {} ({} rows) in {} ms", table, count, (System.nanoTime() - t0) / 1_000_000);
        synchronized (written) {
            written.put(table, new PublishedTable(table, dir, count, runId));
        }
        return count;
    }

    /** Spark writes {@code rows} as Parquet at {@code where}; a failed S3 request says which and on which object. */
    private static void writeParquet(String table, Dataset<Row> rows, LakeLocation where) {
        try {
            rows.write().mode(SaveMode.Overwrite).parquet(where.uri());
        } catch (Exception e) {
            Optional<LakeException> s3 = S3Failures.writing(table, where, e);
            if (s3.isPresent()) {
                throw s3.get();
            }
            throw e;
        }
    }

    /** Writes several tables side by side (Spark runs jobs from several threads); returns the total rows. */
    public long writeAll(Map<TableDef, Dataset<Row>> tables) {
        tables.forEach((declared, rows) -> declared.requireColumns(rows.schema()));
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(WRITERS, tables.size())));
        try {
            List<Future<Long>> writes = new ArrayList<>();
            tables.forEach((name, rows) -> writes.add(pool.submit(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                return write(name, rows);
            })));
            long total = 0;
            for (Future<Long> write : writes) {
                total += Futures.await(write, "writing tables");
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes one part of a table split by source (e.g. quarantine), readable as {@code source=<part>}. */
    public long writePart(TableDef declared, String partColumn, String part, Dataset<Row> rows) {
        declared.requireColumns(rows.schema());
        String table = declared.name();
        String dir = LakeLayout.tableVersionKey(table, runId);
        LakeLocation partDir = storage.location(dir + "/" + partColumn + "=" + part);
        long t0 = System.nanoTime();
        writeParquet(table, rows, partDir);
        long count = ParquetFooters.rowCount(spark, partDir);
        LOG.debug("wrote {}/{}={} ({} rows) in {} ms", table, partColumn, part, count, (System.nanoTime() - t0) / 1_000_000);
        synchronized (written) {
            PublishedTable before = written.get(table);
            long total = (before == null ? 0 : before.rows()) + count;
            written.put(table, new PublishedTable(table, dir, total, runId));
        }
        return count;
    }

    /**
     * This run's version of {@code table}: written by this task, by a finished task of the run, or reused. It is read
     * with its declared schema (every write was checked against it): Spark then opens no file to learn the schema,
     * which would otherwise cost a Spark job per read.
     */
    public Dataset<Row> read(TableDef table) {
        PublishedTable known = written().get(table.name());
        String dir = known != null ? known.path() : LakeLayout.tableVersionKey(table.name(), runId);
        if (!storage.exists(dir)) {
            throw new IllegalStateException("table " + table.name() + " was not written by run " + runId);
        }
        return spark.read().schema(table.sparkSchema()).parquet(storage.location(dir).uri());
    }

    /** Registers this run's version of each table as a Spark temporary view of the same name. */
    public void registerViews(TableDef... tables) {
        for (TableDef table : tables) {
            read(table).createOrReplaceTempView(table.name());
        }
    }

    /** Every table of the run so far: the finished tasks' and this task's own. */
    public Map<String, PublishedTable> written() {
        Map<String, PublishedTable> all = new LinkedHashMap<>(upstream.get());
        RunOutputs.mergeTables(all, ownTables());
        return all;
    }

    /** The tables written through this store only. */
    public Map<String, PublishedTable> ownTables() {
        synchronized (written) {
            return Map.copyOf(written);
        }
    }
}
