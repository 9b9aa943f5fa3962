package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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

    private final LakeLayout layout;

    public SnapshotStore(LakeLayout layout) {
        this.layout = layout;
    }

    public Optional<Snapshot> current() {
        Path file = layout.snapshotFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file));
    }

    /** The published snapshot, or a clear error saying how to produce one. */
    public Snapshot require() {
        return current().orElseThrow(() -> new LakeException("nothing is published in lake " + layout.root()
                + " yet; run `bankdata run --lake " + layout.root() + "` first"));
    }

    /** How long a publish waits for another process's publish to finish. */
    static final Duration PUBLISH_LOCK_WAIT = Duration.ofSeconds(60);

    /** As {@link #publish(Snapshot, Set)}, keeping no other run's versions. */
    public void publish(Snapshot next) {
        publish(next, Set.of());
    }

    /**
     * Makes {@code next} the published snapshot if, and only if, the published one is still the one its run
     * built on ({@link Snapshot#baseRunId()}): a compare-and-swap, done under the lake's lock so that two
     * publishers cannot both read the same base and both win. The new pointer is written durably and renamed
     * atomically over the old one, so readers see the old snapshot or the new one. Then prunes the table
     * versions no reader can reach, keeping those written by {@code keepRuns} (runs that may still be resumed
     * or are being run task by task).
     *
     * @throws PublishConflictException when another run published since {@code next}'s run started; nothing
     *         is changed then
     */
    public void publish(Snapshot next, Set<String> keepRuns) {
        try (LakeLock lock = LakeLock.acquire(layout, PUBLISH_LOCK_WAIT)) {
            Optional<Snapshot> previous = current();
            String published = previous.map(Snapshot::runId).orElse(null);
            boolean republish = next.runId().equals(published); // this run's publish is retried after a crash
            if (!Objects.equals(published, next.baseRunId()) && !republish) {
                throw conflict(next, previous.orElseThrow());
            }
            try {
                byte[] json = JSON.writeValueAsBytes(next);
                AtomicFiles.write(layout.snapshotHistoryDir().resolve(next.runId() + ".json"), json);
                AtomicFiles.write(layout.snapshotFile(), json);
            } catch (IOException e) {
                throw new LakeException("cannot publish snapshot in " + layout.tablesDir() + ": " + e.getMessage(), e);
            }
            prune(next, republish ? Optional.empty() : previous, keepRuns);
        }
    }

    /** The snapshot run {@code runId} published, as kept under {@code tables/_snapshots/}. */
    public Optional<Snapshot> published(String runId) {
        Path file = layout.snapshotHistoryDir().resolve(runId + ".json");
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
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
        try (DirectoryStream<Path> tables = Files.newDirectoryStream(layout.tablesDir(), Files::isDirectory)) {
            for (Path table : tables) {
                if (table.getFileName().toString().startsWith("_")) {
                    continue;
                }
                try (Stream<Path> versions = Files.list(table)) {
                    for (Path version : versions.filter(Files::isDirectory).toList()) {
                        String name = version.getFileName().toString();
                        boolean ofKeptRun = name.startsWith("v_") && keepRuns.contains(name.substring(2));
                        if (!keep.contains(layout.relative(version)) && !ofKeptRun) {
                            deleteTree(version);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("could not prune old table versions under {}: {}", layout.tablesDir(), e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Snapshot read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Snapshot.class);
        } catch (IOException e) {
            throw new LakeException("cannot read snapshot " + file + ": " + e.getMessage(), e);
        }
    }
}
