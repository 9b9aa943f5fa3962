package org.bankdata.lake;

import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.config.CatalogUri;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;

/**
 * Everything a process needs to work on one lake, chosen in this one place: the storage of its files, where its run
 * history file lives and what keeps its leases and publish lock.
 * <ul>
 *   <li>a local lake keeps all of it in the lake folder, as always: {@code runs/history.db}, {@code runs/leases/},
 *   {@code .lock};</li>
 *   <li>a lake on S3 keeps its files under the {@code s3a://} prefix; a bucket can hold neither a SQLite file nor an
 *   OS lock, so the history and the locks live in a local state folder named after the lake
 *   ({@code <state>/<bucket>/<prefix>/}), which makes an S3 lake usable from one host without setup. Processes on
 *   several hosts need a history and locks they share (a database), chosen here too.</li>
 * </ul>
 *
 * The lake's Iceberg catalog is by default a SQLite file there too: {@code catalog.db} of the lake folder, or of the
 * state folder of a lake on S3 (it then serves the processes of one host); {@code --catalog} names another
 * ({@link #withCatalog}).
 *
 * @param stateDir the local folder holding {@code runs/history.db} and the lock files
 * @param catalog  the lake's Iceberg catalog
 */
public record LakeSite(LakeLayout layout, LakeStorage storage, Path stateDir, LakeLocks locks, S3Settings s3,
        CatalogUri catalog) implements AutoCloseable {
    public LakeSite {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Opens {@code lake}: a local folder, or an S3 prefix reached with {@code s3}, its state kept under
     * {@code stateRoot}.
     */
    public static LakeSite open(LakeLocation lake, S3Settings s3, Path stateRoot) {
        if (lake.isLocal()) {
            Path dir = lake.localPath();
            return new LakeSite(new LakeLayout(lake), new LocalLakeStorage(dir), dir, new FileLakeLocks(dir), s3,
                    CatalogUri.sqlite(dir.resolve(LakeLayout.CATALOG)));
        }
        Path state = stateDir(stateRoot, lake);
        return new LakeSite(new LakeLayout(lake), S3LakeStorage.open(lake, s3), state, new FileLakeLocks(state), s3,
                CatalogUri.sqlite(state.resolve(LakeLayout.CATALOG)));
    }

    /** A local lake folder (no S3 settings). */
    public static LakeSite local(Path dir) {
        return open(LakeLocation.local(dir), S3Settings.none(), dir);
    }

    /** The local state folder of an S3 lake: {@code <stateRoot>/<bucket>/<prefix>}. */
    public static Path stateDir(Path stateRoot, LakeLocation lake) {
        Path dir = stateRoot.toAbsolutePath().normalize().resolve(lake.bucket());
        for (String part : lake.prefix().split("/")) {
            if (!part.isEmpty()) {
                dir = dir.resolve(part);
            }
        }
        return dir;
    }

    /** The run history file ({@code runs/history.db} of the state folder). */
    public Path historyFile() {
        return stateDir.resolve("runs").resolve("history.db");
    }

    /** The lake's location. */
    public LakeLocation location() {
        return layout.location();
    }

    /**
     * Fails fast, in a user's words, when a process that will write cannot: the state folder (the lake folder for
     * a local lake) must be writable.
     */
    public void requireWritable() {
        LakeLock.requireWritable(new LakeLayout(stateDir));
    }

    /**
     * {@code snapshot}'s tables as local files: a layout over the lake folder itself for a local lake (read in place),
     * over the snapshot's local copy ({@link SnapshotCache}, under {@code <state>/cache}) for a lake on S3.
     */
    public LakeLayout readable(Snapshot snapshot) {
        return location().isLocal() ? layout : new SnapshotCache(storage, stateDir.resolve("cache")).copyOf(snapshot);
    }

    /** The same site with its leases and publish lock kept by {@code other} (e.g. a database shared by several hosts). */
    public LakeSite withLocks(LakeLocks other) {
        return new LakeSite(layout, storage, stateDir, other, s3, catalog);
    }

    /** The published snapshot's store, publishing under this site's lock. */
    public SnapshotStore snapshots() {
        return new SnapshotStore(storage, locks);
    }

    /** The lake's Iceberg catalog, with every declared table (made on first use). */
    public LakeCatalog icebergCatalog() {
        return LakeCatalog.of(this);
    }

    /**
     * Whether a lake on S3 is served by this host only: its catalog is a SQLite file in the state folder, or its
     * publishes are guarded by file locks of this host (a REST catalog has no lock of its own).
     */
    public boolean catalogServesOneHost() {
        return location().isS3() && (catalog.isLocalFile() || locks instanceof FileLakeLocks);
    }

    /** Whether the lake's catalog is the default one: the SQLite file {@code catalog.db} of the state folder. */
    public boolean hasDefaultCatalog() {
        return catalog.uri().equals(CatalogUri.sqlite(stateDir.resolve(LakeLayout.CATALOG)).uri());
    }

    /** The same site with its Iceberg catalog at {@code other} (e.g. in a database shared by several hosts). */
    public LakeSite withCatalog(CatalogUri other) {
        return new LakeSite(layout, storage, stateDir, locks, s3, other);
    }

    @Override
    public void close() {
        storage.close();
    }
}
