package org.bankdata.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.bankdata.errors.ErrorMessages;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.query.ServedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's published release as a locked-down DuckDB database (tables of up to two million rows copied into
 * memory, larger ones read from Parquet), following publishes without a restart and without making a request wait
 * for one (DuckDB spills only into a {@link SpillFolder} private to the server).
 * <p>
 * Requests are answered from the served release, read through one atomic reference. A request only looks whether a
 * publish happened (local lake: one file-attribute read of {@code tables/_snapshot.json}; S3: at most every
 * {@value #S3_POLL_SECONDS} s) and, if so, starts the one background preparation (never two at once): read the
 * pointer, copy the release from S3 to the local cache, open and load its database. When it is ready it is swapped in
 * atomically; requests still running on the old release finish on it, and it is closed when the last of them is done
 * ({@link ServedRelease}). A pointer that cannot be read or a release that cannot be opened leaves the served release
 * in place, is logged in one line, local lake or S3 alike, and is tried again after a growing delay
 * ({@link OpenFailure}), not by every request. Only before anything is served does a request wait for the
 * preparation.
 */
final class PublishedLake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedLake.class);
    /** Most a database may spill to its private temporary folder (sorts and joins larger than memory). */
    private static final String MAX_SPILL = "2GB";
    private static final int THREADS = 1;
    /** Tables up to this size are held in memory (the bundled star schema is a few thousand rows). */
    private static final long IN_MEMORY_MAX_ROWS = 2_000_000;
    /** How often the published pointer of a lake on S3 is read again (one GET), at most. */
    static final int S3_POLL_SECONDS = 2;
    /** How long a request waits for the first release to be prepared before it is answered 503. */
    private static final long FIRST_RELEASE_WAIT_SECONDS = 30;

    private final LakeSite site;
    /** DuckDB's {@code memory_limit} for each release opened, e.g. {@code 512MB}. */
    private final String memoryLimit;
    private final SnapshotStore store;
    private final SpillFolder spill = new SpillFolder();
    private final AtomicReference<ServedRelease> current = new AtomicReference<>();
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "release-preparation");
        t.setDaemon(true);
        return t;
    });
    /** The preparation running or last run; guarded by {@code this}. */
    private CompletableFuture<Void> preparation;
    private volatile OpenFailure failure;
    /** Local lake: the pointer file as the last preparation found it (null: absent). */
    private volatile PointerStamp seen;
    /** S3: when the pointer was last read (nanoTime); whether it ever was. */
    private volatile long lastLook;
    private volatile boolean looked;
    private volatile boolean closed;

    PublishedLake(LakeSite site, int memoryLimitMb) {
        this.site = site;
        this.memoryLimit = memoryLimitMb + "MB";
        this.store = site.snapshots();
        startPreparation(); // the first release is prepared while the server starts listening
    }

    /** The served release's record, or empty when nothing is published yet. */
    Optional<Snapshot> snapshot() {
        lookForPublish();
        ServedRelease served = current.get();
        if (served == null) {
            awaitFirstRelease();
            served = current.get();
        }
        if (served == null && failure != null) {
            throw new ApiException(503, unavailable());
        }
        return Optional.ofNullable(served).map(ServedRelease::snapshot);
    }

    /** A connection to the served release; close the lease when done. 503 when nothing is served. */
    Lease lease() {
        lookForPublish();
        ServedRelease served = acquire();
        if (served == null) {
            awaitFirstRelease();
            served = acquire();
        }
        if (served == null) {
            throw new ApiException(503, unavailable());
        }
        try {
            return new Lease(served, served.engine().newConnection());
        } catch (RuntimeException e) {
            served.release();
            throw e;
        }
    }

    /** The served release with a reference taken, or null when nothing is served. */
    private ServedRelease acquire() {
        while (true) {
            ServedRelease served = current.get();
            if (served == null || served.tryAcquire()) {
                return served;
            }
            // swapped out and closed between the read and the reference: read the new one
        }
    }

    private String unavailable() {
        OpenFailure last = failure;
        if (last != null) {
            return last.message() + "; the next attempt is in " + last.secondsUntilRetry(System.nanoTime()) + " s";
        }
        return "nothing is published in lake " + site.location() + " yet; run `bankdata run --lake " + site.location()
                + "` (the dashboard picks it up without a restart)";
    }

    /** Starts a preparation if a publish may have happened (or a failed one is due again); never waits for it. */
    private void lookForPublish() {
        if (closed) {
            throw new ApiException(503, "the server is stopping");
        }
        long now = System.nanoTime();
        OpenFailure last = failure;
        boolean due;
        if (site.location().isS3()) {
            due = last != null ? last.due(now) : !looked || now - lastLook >= S3_POLL_SECONDS * 1_000_000_000L;
        } else {
            boolean changed = !PointerStamp.read(site.layout().snapshotFile()).equals(seen);
            due = changed || (last != null && last.due(now));
        }
        if (due) {
            startPreparation();
        }
    }

    private synchronized CompletableFuture<Void> startPreparation() {
        if (!closed && (preparation == null || preparation.isDone())) {
            lastLook = System.nanoTime();
            looked = true;
            preparation = CompletableFuture.runAsync(this::prepare, preparer);
        }
        return preparation;
    }

    /** Before anything is served: waits for the preparation under way, if any. */
    private void awaitFirstRelease() {
        CompletableFuture<Void> pending;
        synchronized (this) {
            pending = preparation;
        }
        if (pending == null) {
            return;
        }
        try {
            pending.get(FIRST_RELEASE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(503, "the release published in lake " + site.location()
                    + " is still being prepared; try again in a moment");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping");
        } catch (ExecutionException e) {
            // prepare() records its failures itself
        }
    }

    /** The background preparation: reads the pointer and, when it names another release, opens it and swaps it in. */
    private void prepare() {
        long now = System.nanoTime();
        if (site.location().isLocal()) {
            seen = PointerStamp.read(site.layout().snapshotFile());
        }
        ServedRelease served = current.get();
        Optional<Snapshot> published;
        try {
            published = store.current();
            if (published.isEmpty() || (served != null && served.isOf(published.get()))) {
                failure = null;
                return; // nothing published (yet), or nothing new: keep serving what we have, if anything
            }
            Snapshot next = published.get();
            long t0 = System.nanoTime();
            ServedRelease opened = open(next);
            failure = null;
            swapIn(opened, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            OpenFailure next = OpenFailure.after(failure, "cannot open the release published in lake " + site.location()
                    + ": " + ErrorMessages.describe(e).replaceAll("\\s*\\R\\s*", " "), now);
            failure = next;
            LOG.warn("{}; {}; next attempt in {} s", next.message(), served == null ? "nothing is served yet"
                    : "still serving the release of run " + served.snapshot().runId(),
                    OpenFailure.delay(next.attempts()).toSeconds());
        }
    }

    private void swapIn(ServedRelease next, long preparedMillis) {
        ServedRelease previous;
        synchronized (this) {
            if (closed) {
                next.release();
                return;
            }
            previous = current.getAndSet(next);
        }
        if (previous == null) {
            LOG.info("serving the release of run {} (prepared in {} ms)", next.snapshot().runId(), preparedMillis);
        } else {
            LOG.info("serving the release of run {} (was {}; prepared in {} ms)", next.snapshot().runId(),
                    previous.snapshot().runId(), preparedMillis);
            previous.release();
        }
    }

    private ServedRelease open(Snapshot snapshot) {
        Path spillDir = spill.newFolder();
        try {
            LakeLayout files = site.readable(snapshot);
            ServedDatabase engine = ServedDatabase.open(files, snapshot);
            try {
                int inMemory = engine.materializeSmallTables(IN_MEMORY_MAX_ROWS);
                boolean allInMemory = inMemory == snapshot.tables().size();
                engine.lockDown(allInMemory ? null : files.tablesDir(), spillDir, memoryLimit, MAX_SPILL, THREADS);
                return new ServedRelease(snapshot, engine, spillDir);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        } catch (RuntimeException e) {
            SpillFolder.remove(spillDir);
            throw e;
        }
    }

    @Override
    public void close() {
        ServedRelease served;
        synchronized (this) {
            closed = true;
            served = current.getAndSet(null);
        }
        preparer.shutdownNow();
        try {
            if (!preparer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the release being prepared for lake {} did not stop within 30 s", site.location());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (served != null) {
            served.release();
        }
        spill.close();
        site.close();
    }

    /** The identity of a local pointer file as its attributes give it: replaced by a publish, it changes. */
    private record PointerStamp(Object fileKey, long modifiedMillis, long size) {
        private static final PointerStamp ABSENT = new PointerStamp(null, -1, -1);

        static PointerStamp read(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new PointerStamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
            } catch (NoSuchFileException e) {
                return ABSENT;
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", file, e.getMessage());
                return ABSENT;
            }
        }
    }

    /** A connection on one release; closing it releases the release's database. */
    static final class Lease implements AutoCloseable {
        private final ServedRelease release;
        private final Connection connection;

        private Lease(ServedRelease release, Connection connection) {
            this.release = release;
            this.connection = connection;
        }

        Snapshot snapshot() {
            return release.snapshot();
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
                release.release();
            }
        }
    }
}
