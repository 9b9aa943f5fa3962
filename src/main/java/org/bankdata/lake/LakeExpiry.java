package org.bankdata.lake;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.config.RetentionPolicy;
import org.bankdata.errors.LakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires what a lake no longer needs, with Iceberg's own machinery, never inline in a publish ({@code bankdata expire}):
 * <ol>
 *   <li>under the publish lock, the releases outside the {@link RetentionPolicy} lose their tags
 *   {@code release_<run-id>} (the published release, the last {@code keepReleases} and every release younger than
 *   {@code keepYoungerThan} keep theirs), then each table's {@code ExpireSnapshots} removes the snapshots no ref keeps
 *   that are older than {@code keepYoungerThan}; a run's branch {@code run_<id>} (a run in flight, or a failed run
 *   that may resume) keeps its head. Iceberg removes the expired snapshots' manifests and manifest lists; data files
 *   are left to the next step;</li>
 *   <li>the files of each table's folder (its {@code data/}; the {@code v_<run-id>/} folders of a migrated lake;
 *   never {@code metadata/}) that no remaining snapshot of the catalog and no retained
 *   release record (of any host: the records are in the lake) names are removed once older than {@code orphanAge},
 *   as Iceberg's {@code DeleteOrphanFiles} does: a younger file may be a run's write not committed yet, on this host
 *   or on another host whose catalog this one does not see.</li>
 * </ol>
 * Table metadata files ({@code *.metadata.json}) are left alone: another host's catalog may name them.
 */
public final class LakeExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(LakeExpiry.class);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    private final LakeSite site;

    public LakeExpiry(LakeSite site) {
        this.site = site;
    }

    /**
     * What an expiry did.
     *
     * @param kept             the releases the retention keeps, newest first
     * @param expired          the releases that lost their tags now
     * @param snapshotsExpired the table snapshots removed from the catalog
     * @param filesRemoved     data files removed (no retained snapshot or release names them, older than the orphan age)
     * @param bytesRemoved     their size
     * @param filesTooYoung    unnamed data files kept because they are younger than the orphan age
     * @param branchesRemoved  branches of runs that published (a late write of a timed-out attempt), removed
     */
    public record Result(List<String> kept, List<String> expired, int snapshotsExpired, int filesRemoved,
            long bytesRemoved, int filesTooYoung, int branchesRemoved) {
    }

    /** Expires by {@code policy}, ages measured at {@code now}. */
    public Result expire(RetentionPolicy policy, Instant now) {
        LakeCatalog catalog = site.icebergCatalog();
        List<String> kept = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        Set<String> protectedFiles = new HashSet<>();
        int snapshots = 0;
        int branches = 0;
        try (LakeLocks.Held lock = site.locks().publishLock(LOCK_WAIT)) {
            Releases releases = new Releases(site);
            List<Release> all = releases.list();
            Instant youngest = now.minus(policy.keepYoungerThan());
            int rank = 0;
            for (Release r : all) { // newest first; the last N are counted over every release the lake records
                boolean lastN = rank++ < policy.keepReleases();
                boolean keep = r.current() || lastN || r.publishedAt().isAfter(youngest);
                if (keep) {
                    kept.add(r.runId());
                } else if (r.readable()) {
                    expired.add(r.runId());
                }
            }
            Set<String> keptRuns = Set.copyOf(kept);
            Set<String> publishedRuns = all.stream().map(Release::runId).collect(java.util.stream.Collectors.toSet());
            for (Snapshot record : releases.records()) {
                if (keptRuns.contains(record.runId())) {
                    record.tables().values().forEach(t -> t.files().forEach(f -> protectedFiles.add(uri(f))));
                }
            }
            site.snapshots().current().ifPresent(c -> c.tables().values().forEach(t -> t.files()
                    .forEach(f -> protectedFiles.add(uri(f)))));
            lock.requireCurrent();
            for (TableDef def : Tables.all()) {
                branches += removeBranchesOfPublishedRuns(catalog.table(def.name()), publishedRuns);
                snapshots += expireTable(catalog.table(def.name()), keptRuns, youngest);
            }
        }
        AtomicLong bytes = new AtomicLong();
        int[] counts = new int[2];
        for (TableDef def : Tables.all()) {
            removeOrphans(catalog.table(def.name()), protectedFiles, now.minus(policy.orphanAge()), bytes, counts);
        }
        LOG.info("expired {} release(s) and {} snapshot(s) of {}; removed {} branch(es) of published runs, {} data file(s),"
                + " {} bytes", expired.size(), snapshots, site.location(), branches, counts[0], bytes.get());
        return new Result(kept, expired, snapshots, counts[0], bytes.get(), counts[1], branches);
    }

    /**
     * Removes the branches of runs that published: a publish removes its run's branches, but an attempt that timed out
     * may still commit its write on its own branch afterwards ({@link LakeCatalog#attemptBranch}); nothing reads such a
     * branch, and a published run never writes again. Branches of runs that have not published (in flight, or failed
     * and resumable) are kept. Returns how many were removed.
     */
    private static int removeBranchesOfPublishedRuns(Table table, Set<String> publishedRuns) {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
            String name = ref.getKey();
            if (ref.getValue().isBranch() && name.startsWith("run_")
                    && publishedRuns.stream().anyMatch(run -> LakeCatalog.isBranchOf(name, run))) {
                stale.add(name);
            }
        }
        if (stale.isEmpty()) {
            return 0;
        }
        ManageSnapshots remove = table.manageSnapshots();
        stale.forEach(remove::removeBranch);
        remove.commit();
        CommitCounter.refsChanged(table.name(), "remove branches of published runs");
        LOG.debug("removed branch(es) {} of table {}", stale, table.name());
        return stale.size();
    }

    /** Removes the tags of releases not kept, then expires the table's snapshots; returns how many were expired. */
    private static int expireTable(Table table, Set<String> keptRuns, Instant youngest) {
        ManageSnapshots untag = table.manageSnapshots();
        boolean changed = false;
        for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
            String name = ref.getKey();
            if (ref.getValue().isTag() && name.startsWith("release_")
                    && !keptRuns.contains(name.substring("release_".length()))) {
                untag.removeTag(name);
                changed = true;
            }
        }
        if (changed) {
            untag.commit();
            CommitCounter.refsChanged(table.name(), "expire tags");
        }
        table.refresh();
        int before = sizeOf(table.snapshots());
        FileIO io = table.io();
        String metadata = metadataFolder(table);
        table.expireSnapshots().expireOlderThan(youngest.toEpochMilli()).retainLast(1)
                .deleteWith(path -> {
                    if (normalized(path).startsWith(metadata)) { // manifests and manifest lists; data files: see removeOrphans
                        io.deleteFile(path);
                    }
                }).commit();
        table.refresh();
        return before - sizeOf(table.snapshots());
    }

    /**
     * Removes the files of the table's folder (but its {@code metadata/}) that nothing kept names and that are older
     * than {@code cutoff}: the data files under {@code data/}, and those a migrated lake's release named in its
     * {@code v_<run-id>/} folders once that release has expired.
     */
    private static void removeOrphans(Table table, Set<String> protectedFiles, Instant cutoff, AtomicLong bytes,
            int[] counts) {
        if (!(table.io() instanceof SupportsPrefixOperations io)) {
            throw new LakeException("the files of table " + table.name() + " cannot be listed (" + table.io()
                    + "); nothing was removed");
        }
        Set<String> named = namedFiles(table);
        String data = location(table);
        String metadata = metadataFolder(table);
        List<FileInfo> files = new ArrayList<>();
        try {
            io.listPrefix(data).forEach(files::add);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.io.FileNotFoundException) {
                return; // no folder: nothing written yet
            }
            throw new LakeException("cannot list the data files of table " + table.name() + " under " + data + ": "
                    + e.getMessage() + "; nothing more was removed", e);
        }
        for (FileInfo f : files) {
            String path = normalized(f.location());
            if (path.startsWith(metadata) || named.contains(path) || protectedFiles.contains(path)) {
                continue;
            }
            if (f.createdAtMillis() >= cutoff.toEpochMilli()) {
                counts[1]++;
                continue;
            }
            io.deleteFile(f.location());
            counts[0]++;
            bytes.addAndGet(f.size());
        }
    }

    /** Every data and delete file named by a manifest of any snapshot the table keeps (branches' heads included). */
    private static Set<String> namedFiles(Table table) {
        table.refresh();
        Set<String> manifests = new HashSet<>();
        Set<String> named = new HashSet<>();
        for (org.apache.iceberg.Snapshot s : table.snapshots()) {
            for (ManifestFile m : s.allManifests(table.io())) {
                if (!manifests.add(m.path())) {
                    continue;
                }
                try (CloseableIterable<String> paths = m.content() == org.apache.iceberg.ManifestContent.DATA
                        ? ManifestFiles.readPaths(m, table.io())
                        : CloseableIterable.transform(ManifestFiles.readDeleteManifest(m, table.io(), table.specs()),
                                f -> f.location())) {
                    paths.forEach(p -> named.add(normalized(p)));
                } catch (java.io.IOException e) {
                    throw new LakeException("cannot read manifest " + m.path() + " of table " + table.name() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return named;
    }

    private static String location(Table table) {
        return normalized(table.location()).replaceAll("/+$", "");
    }

    private static String metadataFolder(Table table) {
        return location(table) + "/metadata/";
    }

    private String uri(String key) {
        return normalized(site.location().resolve(key).uri());
    }

    private static int sizeOf(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    /** {@code file:///x} and {@code file:/x} are one file. */
    static String normalized(String location) {
        return location.replaceFirst("^file:/+", "file:/");
    }
}
