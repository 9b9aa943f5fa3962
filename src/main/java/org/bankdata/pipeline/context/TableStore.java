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
import java.util.UUID;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.bankdata.catalog.TableDef;
import org.bankdata.concurrent.Futures;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.S3Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the tables of one attempt of a run's task as Iceberg tables, on the attempt's own branch
 * ({@code run_<run-id>_<task>_a<n>_<hex>}, see {@link LakeCatalog#attemptBranch}), and reads the run's tables back for
 * the next tasks. No two attempts write on one branch, so a write of an attempt that timed out and still commits (its
 * Spark job not yet cancelled, its process not yet gone) lands on its own branch, which nothing reads: the run's
 * version of a table is the snapshot its finished attempt recorded ({@link #ownTables}, stored with the task); a part
 * of a table several tasks write (quarantine) is moved to the run's branch {@code run_<run-id>} when its task finished
 * ({@link #promoteParts}). Every table is written through its declaration
 * ({@link TableDef}, in {@code org.bankdata.catalog}): rows whose columns differ from the declared names, order or
 * types fail the task before anything is written. A write replaces the whole table on the branch (or one part of a
 * partitioned table) in one catalog commit. Nothing written here reaches {@code main}, nor bankdata's readers, until
 * the publish step releases it.
 */
public final class TableStore {
    private static final Logger LOG = LoggerFactory.getLogger(TableStore.class);
    /** Tables written at once by {@link #writeAll}: small jobs are driver-bound, two overlap well on 2 cores. */
    private static final int WRITERS = 2;
    /** The snapshot summary property that finds a write's own commit among the branch's snapshots. */
    private static final String WRITE_ID = "bankdata.write";
    private final SparkSession spark;
    private final LakeSite site;
    private final String runId;
    private final String branch;
    private final Supplier<Map<String, PublishedTable>> upstream;
    private final Map<String, PublishedTable> written = new LinkedHashMap<>();
    /** The parts this attempt wrote, to move to the run's branch once it finished. */
    private final List<Part> parts = new ArrayList<>();

    private record Part(String table, String column, String value, long snapshotId) {
    }

    /**
     * {@code branch}: the attempt's own ({@link LakeCatalog#attemptBranch}); {@code upstream}: the tables of the run's
     * finished tasks, which {@link #read} and {@link #written} see too.
     */
    public TableStore(SparkSession spark, LakeSite site, String runId, String branch,
            Supplier<Map<String, PublishedTable>> upstream) {
        this.spark = spark;
        this.site = site;
        this.runId = runId;
        this.branch = branch;
        this.upstream = upstream;
    }

    /** The tables of a local lake folder, written as the first attempt of a task. */
    public TableStore(SparkSession spark, LakeLayout layout, String runId) {
        this(spark, LakeSite.local(layout.root()), runId, LakeCatalog.attemptBranch(runId, "task", 1), Map::of);
    }

    /** The branch this attempt writes on. */
    public String branch() {
        return branch;
    }

    /** Writes {@code rows} as this run's version of {@code declared}; returns its row count. */
    public long write(TableDef declared, Dataset<Row> rows) {
        declared.requireColumns(rows.schema());
        String table = declared.name();
        long t0 = System.nanoTime();
        org.apache.iceberg.Snapshot commit = overwrite(table, rows, functions.lit(true));
        long count = Long.parseLong(commit.summary().getOrDefault("total-records", "0"));
        PublishedTable version = version(table, count, commit.snapshotId());
        LOG.debug("wrote {} ({} rows) on {} in {} ms", table, count, branch, (System.nanoTime() - t0) / 1_000_000);
        synchronized (written) {
            written.put(table, version);
        }
        return count;
    }

    private PublishedTable version(String table, long rows, long snapshotId) {
        return new PublishedTable(table, LakeLayout.tableKey(table), rows, runId, snapshotId,
                site.icebergCatalog().files(table, snapshotId));
    }

    /**
     * Spark replaces the rows of {@code table} matching {@code which} on the attempt's branch (made from {@code main}'s
     * head before the attempt's first write of the table) in one commit, which it returns; a failed S3 request says
     * which and on which object.
     */
    private org.apache.iceberg.Snapshot overwrite(String table, Dataset<Row> rows, Column which) {
        String writeId = UUID.randomUUID().toString();
        try {
            site.icebergCatalog().ensureBranch(table, branch);
            LakeCatalog.retryingConcurrentSnapshot(table, () -> {
                try {
                    rows.writeTo(SparkCatalogs.table(spark, site, table) + ".`branch_" + branch + "`")
                            .option("snapshot-property." + WRITE_ID, writeId).overwrite(which);
                } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                    throw new LakeException("cannot write table " + table + ": " + e.getMessage(), e);
                }
                return null;
            });
        } catch (Exception e) {
            Optional<LakeException> s3 = S3Failures.writing(table, site.location().resolve(LakeLayout.tableKey(table)), e);
            if (s3.isPresent()) {
                throw s3.get();
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new LakeException("cannot write table " + table + ": " + e.getMessage(), e);
        }
        return site.icebergCatalog().committed(table, branch, WRITE_ID, writeId);
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

    /**
     * Writes one part of a table split by source (e.g. quarantine): the rows whose {@code partColumn} is {@code part},
     * on the attempt's branch; {@link #promoteParts} moves it to the run's branch once the attempt finished.
     */
    public long writePart(TableDef declared, String partColumn, String part, Dataset<Row> rows) {
        declared.requireColumns(rows.schema());
        String table = declared.name();
        long t0 = System.nanoTime();
        org.apache.iceberg.Snapshot commit = overwrite(table, rows, functions.col(partColumn).equalTo(functions.lit(part)));
        long count = Long.parseLong(commit.summary().getOrDefault("added-records", "0"));
        LOG.debug("wrote {}/{}={} ({} rows) on {} in {} ms", table, partColumn, part, count, branch,
                (System.nanoTime() - t0) / 1_000_000);
        synchronized (written) {
            parts.add(new Part(table, partColumn, part, commit.snapshotId()));
            PublishedTable before = written.get(table);
            long total = (before == null ? 0 : before.rows()) + count;
            written.put(table, new PublishedTable(table, LakeLayout.tableKey(table), total, runId, commit.snapshotId(),
                    site.icebergCatalog().files(table, commit.snapshotId(), Expressions.equal(partColumn, part))));
        }
        return count;
    }

    /**
     * Moves the parts this attempt wrote to the run's branch {@code run_<run-id>} of their tables, one commit per part
     * and the same data files (called once the attempt finished, before its outputs are recorded); the recorded version
     * of such a table becomes the run branch's snapshot holding the part. A table written whole needs nothing: the
     * attempt's snapshot is its run's version.
     */
    public void promoteParts() {
        synchronized (written) {
            for (Part part : parts) {
                LakeCatalog catalog = site.icebergCatalog();
                long moved = catalog.copyPart(part.table(), part.snapshotId(), part.column(), part.value(), runId).snapshotId();
                PublishedTable mine = written.get(part.table());
                written.put(part.table(), new PublishedTable(part.table(), mine.path(), mine.rows(), runId, moved,
                        catalog.files(part.table(), moved, Expressions.equal(part.column(), part.value()))));
            }
            parts.clear();
        }
    }

    /**
     * This run's version of {@code table}: the snapshot recorded by this attempt or by the finished attempt of the task
     * that wrote it (for a table written in parts by this run, the head of the run's branch), or the snapshot another
     * run recorded for a table this run reuses.
     */
    public Dataset<Row> read(TableDef table) {
        PublishedTable known = written().get(table.name());
        if (known == null) {
            throw new IllegalStateException("table " + table.name() + " was not written by run " + runId);
        }
        var reader = spark.read().format("iceberg");
        reader = known.runId().equals(runId) && table.partition().isPresent()
                ? reader.option("branch", LakeCatalog.branch(runId))
                : reader.option("snapshot-id", String.valueOf(known.snapshotId()));
        return reader.load(SparkCatalogs.table(spark, site, table.name()));
    }

    /** {@code published}, a table of a release (the one the run builds on), as its snapshot holds it. */
    public Dataset<Row> readReleased(TableDef table, PublishedTable published) {
        return spark.read().format("iceberg").option("snapshot-id", String.valueOf(published.snapshotId()))
                .load(SparkCatalogs.table(spark, site, table.name()));
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
