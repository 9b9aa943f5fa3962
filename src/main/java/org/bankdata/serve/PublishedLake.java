package org.bankdata.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.query.ServedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's published snapshot as a locked-down DuckDB database (tables of up to two million rows
 * copied into memory, larger ones read from Parquet), following publishes without a
 * restart (DuckDB spills only into a {@link SpillFolder} private to the server): each request checks whether {@code tables/_snapshot.json} was replaced (one file-attribute
 * read) and, when it names another run, opens a database over the new snapshot. Requests still running
 * on the old one finish on it; it is closed when the last of them is done.
 */
final class PublishedLake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedLake.class);
    private static final String MEMORY_LIMIT = "512MB";
    /** Most a database may spill to its private temporary folder (sorts and joins larger than memory). */
    private static final String MAX_SPILL = "2GB";
    private static final int THREADS = 1;
    /** Tables up to this size are held in memory (the bundled star schema is a few thousand rows). */
    private static final long IN_MEMORY_MAX_ROWS = 2_000_000;

    /** How often the published pointer of a lake on S3 is read again (one GET), at most. */
    private static final long S3_POLL_NANOS = 2_000_000_000L;

    private final LakeSite site;
    private final SnapshotStore store;
    private final SpillFolder spill = new SpillFolder();
    private Generation current;
    private Object seenFileKey;
    private long seenModified = -1;
    private long lastPoll;

    PublishedLake(LakeSite site) {
        this.site = site;
        this.store = site.snapshots();
    }

    /** The published snapshot, refreshed, or empty when nothing is published yet. */
    synchronized Optional<Snapshot> snapshot() {
        refresh();
        return Optional.ofNullable(current).map(g -> g.snapshot);
    }

    /** A connection to the current snapshot; close the lease when done. 503 when nothing is published. */
    synchronized Lease lease() {
        refresh();
        if (current == null) {
            throw new ApiException(503, "nothing is published in lake " + site.location() + " yet; run `bankdata run --lake "
                    + site.location() + "` (the dashboard picks it up without a restart)");
        }
        current.refs.incrementAndGet();
        Generation generation = current;
        try {
            return new Lease(generation, generation.engine.newConnection());
        } catch (RuntimeException e) {
            generation.release();
            throw e;
        }
    }

    private void refresh() {
        if (site.location().isS3()) {
            refreshFromS3();
            return;
        }
        Path file = site.layout().snapshotFile();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return; // nothing published (yet); keep serving what we have, if anything
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return;
        }
        long modified = attributes.lastModifiedTime().toMillis();
        if (Objects.equals(attributes.fileKey(), seenFileKey) && modified == seenModified && current != null) {
            return;
        }
        switchTo(store.require());
        seenFileKey = attributes.fileKey();
        seenModified = modified;
    }

    /** A lake on S3 has no file attributes to watch: its pointer is read again every few seconds, at most. */
    private void refreshFromS3() {
        long now = System.nanoTime();
        if (current != null && now - lastPoll < S3_POLL_NANOS) {
            return;
        }
        lastPoll = now;
        Optional<Snapshot> published;
        try {
            published = store.current();
        } catch (RuntimeException e) {
            if (current == null) {
                throw e;
            }
            LOG.warn("cannot read the published snapshot of {}; still serving run {}: {}", site.location(),
                    current.snapshot.runId(), e.getMessage());
            return;
        }
        published.ifPresent(this::switchTo);
    }

    private void switchTo(Snapshot snapshot) {
        if (current == null || !current.snapshot.runId().equals(snapshot.runId())
                || !current.snapshot.publishedAt().equals(snapshot.publishedAt())) {
            Path spillDir = spill.newFolder();
            Generation next;
            try {
                next = new Generation(snapshot, open(snapshot, spillDir), spillDir);
            } catch (RuntimeException e) {
                SpillFolder.remove(spillDir);
                throw e;
            }
            Generation previous = current;
            current = next;
            if (previous != null) {
                LOG.info("serving snapshot of run {} (was {})", snapshot.runId(), previous.snapshot.runId());
                previous.release();
            }
        }
    }

    private ServedDatabase open(Snapshot snapshot, Path spillDir) {
        LakeLayout files = site.readable(snapshot);
        ServedDatabase engine = ServedDatabase.open(files, snapshot);
        try {
            int inMemory = engine.materializeSmallTables(IN_MEMORY_MAX_ROWS);
            boolean allInMemory = inMemory == snapshot.tables().size();
            engine.lockDown(allInMemory ? null : files.tablesDir(), spillDir, MEMORY_LIMIT, MAX_SPILL, THREADS);
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.release();
            current = null;
        }
        spill.close();
        site.close();
    }

    /** One database over one snapshot, closed when the holder and every lease have released it. */
    private static final class Generation {
        final Snapshot snapshot;
        final ServedDatabase engine;
        final Path spillDir;
        final AtomicInteger refs = new AtomicInteger(1);

        Generation(Snapshot snapshot, ServedDatabase engine, Path spillDir) {
            this.snapshot = snapshot;
            this.engine = engine;
            this.spillDir = spillDir;
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                engine.close();
                SpillFolder.remove(spillDir);
            }
        }
    }

    /** A connection on one snapshot; closing it releases the snapshot's database. */
    static final class Lease implements AutoCloseable {
        private final Generation generation;
        private final Connection connection;

        private Lease(Generation generation, Connection connection) {
            this.generation = generation;
            this.connection = connection;
        }

        Snapshot snapshot() {
            return generation.snapshot;
        }

        Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // an in-memory connection has nothing to flush
            } finally {
                generation.release();
            }
        }
    }
}
