package org.bankdata.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.bankdata.errors.LakeException;

/**
 * Tables a run has just written, as local files for DuckDB (the check step): the lake folder itself for a local
 * lake; for a lake on S3, a copy in the lake's state folder, removed when closed. The versions a run writes can be
 * rewritten by a retried attempt, so they are copied fresh each time, unlike published snapshots
 * ({@link SnapshotCache}).
 */
public final class LocalTables implements AutoCloseable {
    private final LakeLayout layout;
    private final Path copy;

    private LocalTables(LakeLayout layout, Path copy) {
        this.layout = layout;
        this.copy = copy;
    }

    /** {@code tables} of {@code site} as local files. */
    public static LocalTables of(LakeSite site, Collection<PublishedTable> tables) {
        if (site.location().isLocal()) {
            return new LocalTables(site.layout(), null);
        }
        Path copy = site.stateDir().resolve("work").resolve(UUID.randomUUID().toString());
        LocalTables local = new LocalTables(new LakeLayout(copy), copy);
        try {
            for (PublishedTable table : tables) {
                for (String file : table.files()) {
                    site.storage().download(file, copy.resolve(file));
                }
            }
            return local;
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** A layout whose paths resolve the tables' stored paths to local files. */
    public LakeLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        if (copy == null || !Files.exists(copy)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(copy)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new LakeException("cannot remove the local copy " + copy + ": " + e.getMessage(), e);
        }
    }
}
