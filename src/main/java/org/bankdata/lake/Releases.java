package org.bankdata.lake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.SnapshotRef;
import org.bankdata.errors.UsageException;

/**
 * The releases of a lake, published ones and earlier ones: each publish leaves its release record under
 * {@code tables/_snapshots/<run-id>.json} and tags each table's snapshot {@code release_<run-id>}; a release stays
 * readable as long as every table of it keeps that tag ({@code bankdata expire} removes the tags of the releases it
 * expires, then their snapshots). Reading an earlier release ({@code --as-of}) reads the data files the Iceberg catalog
 * lists for those tags.
 */
public final class Releases {
    private final LakeSite site;

    public Releases(LakeSite site) {
        this.site = site;
    }

    /** Every release recorded in the lake, newest first, with whether it can still be read. */
    public List<Release> list() {
        Optional<Snapshot> current = site.snapshots().currentAsStored();
        String currentRun = current.map(Snapshot::runId).orElse(null);
        Map<String, Set<String>> tags = tagsByTable();
        List<Release> releases = new ArrayList<>();
        for (Snapshot record : records()) {
            boolean isCurrent = record.runId().equals(currentRun);
            releases.add(new Release(record.runId(), record.publishedAt(), isCurrent,
                    isCurrent || tagged(record, tags)));
        }
        if (current.isPresent() && releases.stream().noneMatch(Release::current)) {
            releases.add(new Release(currentRun, current.get().publishedAt(), true, true)); // a record made before _snapshots/
        }
        releases.sort(Comparator.comparing(Release::publishedAt).reversed());
        return releases;
    }

    /** The release records kept under {@code tables/_snapshots/}, in no particular order. */
    List<Snapshot> records() {
        List<Snapshot> records = new ArrayList<>();
        SnapshotStore store = site.snapshots();
        for (String name : site.storage().list(LakeLayout.SNAPSHOT_HISTORY)) {
            if (name.endsWith(".json")) {
                store.published(name.substring(0, name.length() - ".json".length())).ifPresent(records::add);
            }
        }
        return records;
    }

    /**
     * Run {@code runId}'s release as readers read it: the published record when it is the published release, else its
     * record with each table's snapshot and data files taken from the table's tag {@code release_<run-id>}.
     *
     * @throws UsageException when the run published no release in this lake, or its release has expired; the message
     *         names the releases that can be read
     */
    public Snapshot asOf(String runId) {
        Snapshot current = site.snapshots().require();
        if (current.runId().equals(runId)) {
            return current;
        }
        Snapshot record = site.snapshots().published(runId).orElseThrow(() -> new UsageException("run " + runId
                + " published no release in lake " + site.location() + "; " + readableList()));
        LakeCatalog catalog = site.icebergCatalog();
        Map<String, PublishedTable> tables = new LinkedHashMap<>();
        for (PublishedTable t : record.tables().values()) {
            SnapshotRef tag = t.isEarlierLayout() ? null : catalog.table(t.name()).refs().get(LakeCatalog.tag(runId));
            if (tag == null) {
                throw new UsageException("the release of run " + runId + " (published " + record.publishedAt()
                        + ") is no longer kept: table " + t.name() + " has no tag " + LakeCatalog.tag(runId) + " in the catalog "
                        + site.catalog() + " (it expired, or a host with a catalog of its own published it); " + readableList());
            }
            tables.put(t.name(), new PublishedTable(t.name(), t.path(), t.rows(), t.runId(), tag.snapshotId(),
                    catalog.files(t.name(), tag.snapshotId())));
        }
        return new Snapshot(record.runId(), record.publishedAt(), tables, record.baseRunId());
    }

    /** "releases that can be read: a (current), b, c", for an error message. */
    private String readableList() {
        List<String> readable = list().stream().filter(Release::readable)
                .map(r -> r.runId() + (r.current() ? " (current)" : "")).toList();
        return readable.isEmpty() ? "no release can be read" : "releases that can be read: " + String.join(", ", readable)
                + " (`bankdata runs` lists them)";
    }

    private static boolean tagged(Snapshot record, Map<String, Set<String>> tags) {
        String tag = LakeCatalog.tag(record.runId());
        return !record.tables().isEmpty() && record.tables().values().stream()
                .allMatch(t -> tags.getOrDefault(t.name(), Set.of()).contains(tag));
    }

    /** The tag names of each table of the catalog. */
    private Map<String, Set<String>> tagsByTable() {
        Map<String, Set<String>> tags = new HashMap<>();
        LakeCatalog catalog = site.icebergCatalog();
        for (org.bankdata.catalog.TableDef def : org.bankdata.catalog.Tables.all()) {
            Map<String, SnapshotRef> refs = catalog.table(def.name()).refs();
            tags.put(def.name(), refs.entrySet().stream().filter(e -> e.getValue().isTag()).map(Map.Entry::getKey)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        return tags;
    }
}
