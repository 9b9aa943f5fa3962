package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.PublishConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and atomically replaces the lake's published snapshot, and removes table versions no reader
 * can reach any more (neither the new snapshot nor the one before it points at them).
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final LakeStorage storage;
    private final LakeLocks locks;

    /** The snapshots of the lake in {@code storage}, published under {@code locks}' publish lock. */
    public SnapshotStore(LakeStorage storage, LakeLocks locks) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.locks = Objects.requireNonNull(locks, "locks");
    }

    /** The snapshots of a local lake folder (its files and its {@code .lock}). */
    public SnapshotStore(LakeLayout layout) {
        this(new LocalLakeStorage(layout.root()), new FileLakeLocks(layout.root()));
    }

    public Optional<Snapshot> current() {
        return storage.read(LakeLayout.SNAPSHOT).map(bytes -> parse(bytes, LakeLayout.SNAPSHOT));
    }

    /** The published snapshot, or a clear error saying how to produce one. */
    public Snapshot require() {
        return current().orElseThrow(() -> new LakeException("nothing is published in lake " + storage.root()
                + " yet; run `bankdata run --lake " + storage.root() + "` first"));
    }

    /** How long a publish waits for another process's publish to finish. */
    static final Duration PUBLISH_LOCK_WAIT = Duration.ofSeconds(60);

    /** As {@link #publish(Snapshot, Set)}, keeping no other run's versions. */
    public void publish(Snapshot next) {
        publish(next, Set.of());
    }

    /**
     * Makes {@code next} the published snapshot if, and only if, the published one is still the one its run
     * built on ({@link Snapshot#baseRunId()}): a compare-and-swap, done under the publish lock ({@link LakeLocks#publishLock}) so
     * that two publishers cannot both read the same base and both win. The new pointer replaces the old one in one
     * atomic write (local: fsynced temporary file renamed over it; S3: one PUT, no rename), so readers see the old
     * snapshot or the new one. A failed write leaves the old pointer published. Then prunes the table
     * versions no reader can reach, keeping those written by {@code keepRuns} (runs that may still be resumed
     * or are being run task by task).
     *
     * @throws PublishConflictException when another run published since {@code next}'s run started; nothing
     *         is changed then
     */
    public void publish(Snapshot next, Set<String> keepRuns) {
        try (LakeLocks.Held lock = locks.publishLock(PUBLISH_LOCK_WAIT)) {
            Optional<Snapshot> previous = current();
            String published = previous.map(Snapshot::runId).orElse(null);
            boolean republish = next.runId().equals(published); // this run's publish is retried after a crash
            if (!Objects.equals(published, next.baseRunId()) && !republish) {
                throw conflict(next, previous.orElseThrow());
            }
            byte[] json;
            try {
                json = JSON.writeValueAsBytes(next);
            } catch (IOException e) {
                throw new LakeException("cannot write snapshot " + next.runId() + ": " + e.getMessage(), e);
            }
            // the history object first: the pointer, written last in one atomic replace (one PUT on S3), is the commit
            storage.write(LakeLayout.snapshotHistoryKey(next.runId()), json);
            lock.requireCurrent(); // fenced: a publisher whose lock was lost meanwhile must not replace a newer pointer
            storage.write(LakeLayout.SNAPSHOT, json);
            prune(next, republish ? Optional.empty() : previous, keepRuns);
        }
    }

    /** The snapshot run {@code runId} published, as kept under {@code tables/_snapshots/}. */
    public Optional<Snapshot> published(String runId) {
        String key = LakeLayout.snapshotHistoryKey(runId);
        return storage.read(key).map(bytes -> parse(bytes, key));
    }

    private static PublishConflictException conflict(Snapshot next, Snapshot newer) {
        String base = next.baseRunId() == null ? "an empty lake (nothing published)" : "run " + next.baseRunId() + "'s snapshot";
        return new PublishConflictException("run " + newer.runId() + " published at " + newer.publishedAt()
                + " while run " + next.runId() + " was building on " + base + "; publishing " + next.runId()
                + " would undo it, so nothing was published", next.baseRunId(), newer.runId());
    }

    private void prune(Snapshot next, Optional<Snapshot> previous, Set<String> keepRuns) {
        Set<String> keep = new HashSet<>();
        next.tables().values().forEach(t -> keep.add(t.path()));
        previous.ifPresent(p -> p.tables().values().forEach(t -> keep.add(t.path())));
        try {
            for (String table : storage.list(LakeLayout.TABLES)) {
                if (table.startsWith("_") || table.startsWith(".")) {
                    continue;
                }
                for (String version : storage.list(LakeLayout.TABLES + "/" + table)) {
                    String key = LakeLayout.TABLES + "/" + table + "/" + version;
                    boolean ofKeptRun = version.startsWith("v_") && keepRuns.contains(version.substring(2));
                    if (version.startsWith("v_") && !keep.contains(key) && !ofKeptRun) {
                        storage.delete(key);
                    }
                }
            }
        } catch (LakeException e) {
            LOG.warn("could not prune old table versions under {}: {}", storage.location(LakeLayout.TABLES), e.getMessage());
        }
    }

    private static Snapshot parse(byte[] bytes, String key) {
        try {
            return JSON.readValue(bytes, Snapshot.class);
        } catch (IOException e) {
            throw new LakeException("cannot read snapshot " + key + ": " + e.getMessage(), e);
        }
    }
}
