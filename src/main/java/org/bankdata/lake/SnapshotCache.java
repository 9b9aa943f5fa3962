package org.bankdata.lake;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bankdata.errors.LakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of a lake's published snapshots, for readers that need files on a local disk (DuckDB, without its
 * {@code httpfs} extension, which cannot be downloaded behind a firewall): {@code <dir>/<snapshot-run-id>/tables/...},
 * the data files the release names, laid out as in the lake, so a {@link LakeLayout} over the copy resolves the
 * release's file keys. A release's files never change once published, so a copy is made once and reused by every
 * later query; a copy is assembled in a temporary folder and renamed into place whole, so two processes copying the
 * same snapshot never read half a copy. Copies of older snapshots are removed, except the one before the newest (a
 * dashboard may still be answering on it).
 */
public final class SnapshotCache {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);

    private final LakeStorage storage;
    private final Path dir;

    /** Copies of {@code storage}'s snapshots, kept under {@code dir}. */
    public SnapshotCache(LakeStorage storage, Path dir) {
        this.storage = storage;
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The local copy of {@code snapshot}'s tables, made on first use; a layout over it resolves the snapshot's paths. */
    public synchronized LakeLayout copyOf(Snapshot snapshot) {
        Path target = dir.resolve(snapshot.runId());
        if (!Files.isDirectory(target)) {
            long t0 = System.nanoTime();
            Path temp = dir.resolve(".copy-" + snapshot.runId() + "-" + UUID.randomUUID());
            try {
                Files.createDirectories(temp);
                long bytes = 0;
                for (PublishedTable table : snapshot.tables().values()) {
                    for (String file : table.files()) {
                        storage.download(file, temp.resolve(file));
                        bytes += Files.size(temp.resolve(file));
                    }
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("copied snapshot {} of {} ({} bytes) to {} in {} ms", snapshot.runId(), storage.root(), bytes, target,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // another process put the same copy in place first: use it
            } catch (AtomicMoveNotSupportedException e) {
                throw new LakeException("the cache folder " + dir + " cannot rename a folder atomically; put it on a local disk"
                        + " (--lake-state)", e);
            } catch (IOException e) {
                throw new LakeException("cannot copy the published tables of " + storage.root() + " to " + dir + " ("
                        + e.getMessage() + "); check that folder is writable and has room (--lake-state)", e);
            } finally {
                deleteQuietly(temp);
            }
            removeOlderThan(target);
        }
        return new LakeLayout(target);
    }

    /** Removes every copy but {@code newest} and the most recent one before it. */
    private void removeOlderThan(Path newest) {
        try (Stream<Path> copies = Files.list(dir)) {
            List<Path> others = copies.filter(p -> !p.equals(newest) && !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(SnapshotCache::modified).reversed()).toList();
            others.stream().skip(1).forEach(SnapshotCache::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not remove old snapshot copies under {}: {}", dir, e.getMessage());
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", path, e.getMessage());
        }
    }
}
