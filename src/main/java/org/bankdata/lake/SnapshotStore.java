package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.PublishConflictException;

/**
 * Reads and atomically replaces the lake's release record ({@code tables/_snapshot.json}): which Iceberg snapshot of
 * each table bankdata's readers see. The record is written last, as the commit point of a publish; nothing is
 * deleted by a publish (older releases stay readable through their tags).
 */
public final class SnapshotStore {
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

    /**
     * The current release, if any. A lake written in the earlier layout ({@code tables/<table>/v_<run-id>} folders,
     * no Iceberg catalog) is refused with what to do about it.
     */
    public Optional<Snapshot> current() {
        Optional<Snapshot> current = storage.read(LakeLayout.SNAPSHOT).map(bytes -> parse(bytes, LakeLayout.SNAPSHOT));
        current.ifPresent(this::requireIcebergLayout);
        return current;
    }

    /** The current release record as stored, in either layout (for {@code bankdata migrate}). */
    public Optional<Snapshot> currentAsStored() {
        return storage.read(LakeLayout.SNAPSHOT).map(bytes -> parse(bytes, LakeLayout.SNAPSHOT));
    }

    private void requireIcebergLayout(Snapshot snapshot) {
        if (snapshot.tables().values().stream().anyMatch(PublishedTable::isEarlierLayout)) {
            throw new LakeException("lake " + storage.root() + " was written in the earlier layout (a folder per table"
                    + " version, no Iceberg catalog) and must be converted first: run `bankdata migrate --lake "
                    + storage.root() + "`");
        }
    }

    /** The published snapshot, or a clear error saying how to produce one. */
    public Snapshot require() {
        return current().orElseThrow(() -> new LakeException("nothing is published in lake " + storage.root()
                + " yet; run `bankdata run --lake " + storage.root() + "` first"));
    }

    /** How long a publish waits for another process's publish to finish. */
    static final Duration PUBLISH_LOCK_WAIT = Duration.ofSeconds(60);

    /** As {@link #publish(Snapshot, UnaryOperator)}, with the catalog already holding {@code next}'s snapshots. */
    public void publish(Snapshot next) {
        publish(next, UnaryOperator.identity());
    }

    /**
     * Makes {@code next} the published release if, and only if, the published one is still the one its run
     * built on ({@link Snapshot#baseRunId()}): a compare-and-swap, done under the publish lock ({@link LakeLocks#publishLock}) so
     * that two publishers cannot both read the same base and both win. Once the swap is allowed, {@code release}
     * moves each table's {@code main} in the Iceberg catalog and returns the record naming the released snapshots;
     * the record then replaces the old one in one atomic write (local: fsynced temporary file renamed over it; S3:
     * one PUT, no rename), so bankdata's readers see the old release or the new one. A failure before that write
     * leaves the old record published (a retry of the same run's publish finishes the job). Returns the record.
     *
     * @throws PublishConflictException when another run published since {@code next}'s run started; nothing
     *         is changed then
     */
    public Snapshot publish(Snapshot next, UnaryOperator<Snapshot> release) {
        try (LakeLocks.Held lock = locks.publishLock(PUBLISH_LOCK_WAIT)) {
            // as stored: `bankdata migrate` publishes over a record of the earlier layout (every other writer refused
            // such a lake when it started, by reading it with current())
            Optional<Snapshot> previous = currentAsStored();
            String published = previous.map(Snapshot::runId).orElse(null);
            boolean republish = next.runId().equals(published); // this run's publish is retried after a crash
            if (!Objects.equals(published, next.baseRunId()) && !republish) {
                throw conflict(next, previous.orElseThrow());
            }
            lock.requireCurrent(); // fenced: the catalog's tables move only under a publish lock still held
            Snapshot record = release.apply(next);
            byte[] json;
            try {
                json = JSON.writeValueAsBytes(record);
            } catch (IOException e) {
                throw new LakeException("cannot write snapshot " + next.runId() + ": " + e.getMessage(), e);
            }
            // the history object first: the pointer, written last in one atomic replace (one PUT on S3), is the commit
            storage.write(LakeLayout.snapshotHistoryKey(next.runId()), json);
            lock.requireCurrent(); // fenced: a publisher whose lock was lost meanwhile must not replace a newer pointer
            storage.write(LakeLayout.SNAPSHOT, json);
            return record;
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

    private static Snapshot parse(byte[] bytes, String key) {
        try {
            return JSON.readValue(bytes, Snapshot.class);
        } catch (IOException e) {
            throw new LakeException("cannot read snapshot " + key + ": " + e.getMessage(), e);
        }
    }
}
