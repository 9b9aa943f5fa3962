package org.bankdata.lake;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.metrics.CommitReport;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the commits this process makes to the lake's catalog, logged at debug: each new snapshot (reported by
 * Iceberg, from the Java API and from Spark's writes alike) and each change of branches and tags only.
 */
public final class CommitCounter implements MetricsReporter {
    private static final Logger LOG = LoggerFactory.getLogger(CommitCounter.class);
    private static final AtomicLong COMMITS = new AtomicLong();

    /** Iceberg makes one per catalog ({@code metrics-reporter-impl}). */
    public CommitCounter() {
    }

    @Override
    public void report(MetricsReport report) {
        if (report instanceof CommitReport commit) {
            long n = COMMITS.incrementAndGet();
            LOG.debug("catalog commit {}: {} of {} (snapshot {})", n, commit.operation(), commit.tableName(), commit.snapshotId());
        }
    }

    /** A commit that moves branches or tags only (no new snapshot, so no report from Iceberg). */
    static void refsChanged(String table, String what) {
        long n = COMMITS.incrementAndGet();
        LOG.debug("catalog commit {}: {} of {}", n, what, table);
    }

    /** The commits this process has made so far. */
    public static long commits() {
        return COMMITS.get();
    }
}
