package org.bankdata.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bankdata.errors.LakeException;
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

    /** Makes {@code next} the published snapshot in one atomic rename, then prunes unreachable versions. */
    public void publish(Snapshot next) {
        publish(next, Set.of());
    }

    /**
     * As {@link #publish(Snapshot)}, keeping also the versions written by {@code keepRuns} (runs that may
     * still be resumed or are being run task by task).
     */
    public void publish(Snapshot next, Set<String> keepRuns) {
        Optional<Snapshot> previous = current();
        try {
            Files.createDirectories(layout.snapshotHistoryDir());
            byte[] json = JSON.writeValueAsBytes(next);
            Files.write(layout.snapshotHistoryDir().resolve(next.runId() + ".json"), json);
            Path temp = layout.snapshotFile().resolveSibling("_snapshot.json.tmp-" + next.runId());
            Files.write(temp, json);
            try {
                Files.move(temp, layout.snapshotFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new LakeException("the file system of " + layout.root() + " cannot rename atomically; "
                        + "put the lake on a local disk", e);
            }
        } catch (IOException e) {
            throw new LakeException("cannot publish snapshot in " + layout.tablesDir() + ": " + e.getMessage(), e);
        }
        prune(next, previous, keepRuns);
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
