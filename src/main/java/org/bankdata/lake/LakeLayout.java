package org.bankdata.lake;

import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;

/**
 * Where everything lives in a lake folder.
 * <pre>
 * raw/&lt;source&gt;/run=&lt;run-id&gt;/...     exact bytes received, one folder per run
 * raw/manifests/run=&lt;run-id&gt;.jsonl    one line per landed file or API page
 * tables/&lt;table&gt;/data/, metadata/      an Iceberg table: data files and metadata of every snapshot, kept
 * catalog.db                           the Iceberg catalog (SQLite): where each table's current metadata is
 * tables/_snapshot.json                the release record: the Iceberg snapshot (and its files) of each table readers see
 * tables/_snapshots/&lt;run-id&gt;.json      every release record ever published
 * runs/&lt;run-id&gt;.json                  summary of each run (steps, durations, rows, outcome)
 * runs/history.db                      run history (SQLite)
 * runs/leases/&lt;run-id&gt;[~task].lease     held (OS lock) by the live process of a run or of one of its tasks
 * raw/fees/&lt;api-host&gt;/&lt;person-type&gt;/&lt;cnpj8&gt;/&lt;date&gt;/&lt;run-id&gt;/   a fees answer, kept across runs
 * .lock                                the publish lock, held for the milliseconds of a snapshot swap
 * </pre>
 * For a lake on S3, {@code catalog.db}, {@code runs/history.db}, the leases and {@code .lock} live in the lake's local state folder
 * instead ({@link LakeSite}); every other file is under the {@code s3a://} prefix.
 * Every path of the lake is made here; nothing else resolves a folder or file name against the lake root.
 */
public record LakeLayout(LakeLocation location) {
    public LakeLayout {
        Objects.requireNonNull(location, "location");
    }

    /** The layout of a local lake folder. */
    public LakeLayout(Path root) {
        this(LakeLocation.local(root));
    }

    /**
     * The local folder of the lake. Code that reads or writes lake files on any storage uses the keys below with a
     * {@link LakeStorage}; this is for what only a local lake has.
     */
    public Path root() {
        if (location.isS3()) {
            throw new LakeException("this needs a local lake folder; " + location + " is on S3");
        }
        return location.localPath();
    }

    /** The location of a lake-relative key (a file or folder), as given to Spark and Hadoop. */
    public LakeLocation location(String key) {
        return location.resolve(key);
    }

    /** Everything landed as received: {@code raw/}. */
    public Path rawRoot() {
        return root().resolve("raw");
    }

    /** Where a source keeps raw data that outlives one run (e.g. API answers kept for incremental refresh). */
    public Path rawSourceDir(String source) {
        return rawRoot().resolve(source);
    }

    /** The fees answers recorded from the API at {@code apiSource} (its host and port): {@code raw/fees/<api>}. */
    public Path feeAnswersDir(String feesSource, String apiSource) {
        return rawSourceDir(feesSource).resolve(apiSource);
    }

    public Path rawDir(String source, String runId) {
        return rawSourceDir(source).resolve("run=" + runId);
    }

    /** {@code raw/<source>/run=<run-id>}. */
    public static String rawDirKey(String source, String runId) {
        return RAW + "/" + source + "/run=" + runId;
    }

    /** {@code raw/fees/<api>}: the fees answers recorded from one API. */
    public static String feeAnswersKey(String feesSource, String apiSource) {
        return RAW + "/" + feesSource + "/" + apiSource;
    }

    public Path manifest(String runId) {
        return root().resolve(manifestKey(runId));
    }

    /** {@code raw/manifests/run=<run-id>.jsonl}. */
    public static String manifestKey(String runId) {
        return "raw/manifests/run=" + runId + ".jsonl";
    }

    public Path tablesDir() {
        return root().resolve(TABLES);
    }

    /** {@code tables/<table>}: the location of an Iceberg table (its {@code data/} and {@code metadata/}). */
    public static String tableKey(String table) {
        return TABLES + "/" + table;
    }

    /** The Iceberg catalog file of a local lake: {@code catalog.db}. */
    public Path catalogFile() {
        return root().resolve(CATALOG);
    }

    public Path snapshotFile() {
        return root().resolve(SNAPSHOT);
    }

    public Path snapshotHistoryDir() {
        return root().resolve(SNAPSHOT_HISTORY);
    }

    /** {@code tables/_snapshots/<run-id>.json}: the snapshot run {@code runId} published. */
    public static String snapshotHistoryKey(String runId) {
        return SNAPSHOT_HISTORY + "/" + runId + ".json";
    }

    /** Run summaries, the run history and the leases: {@code runs/}. */
    public Path runsDir() {
        return root().resolve("runs");
    }

    public Path runSummary(String runId) {
        return root().resolve(runSummaryKey(runId));
    }

    /** {@code runs/<run-id>.json}. */
    public static String runSummaryKey(String runId) {
        return "runs/" + runId + ".json";
    }

    /** The run history, a SQLite file ({@code history.RunHistory}). */
    public Path historyDb() {
        return runsDir().resolve("history.db");
    }

    /** The lease file a live process holds while it works on a run or a task ({@link RunLease}). */
    public Path leaseFile(String holder) {
        return runsDir().resolve("leases").resolve(holder.replace('/', '_').replace(':', '_') + ".lease");
    }

    public Path lockFile() {
        return root().resolve(".lock");
    }

    /** The file or folder of a lake-relative path as stored in snapshots and manifests (the inverse of {@link #relative}). */
    public Path resolve(String stored) {
        return root().resolve(stored);
    }

    /** A path relative to the lake root, with forward slashes, as stored in snapshots and manifests. */
    public String relative(Path path) {
        return root().relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** {@code raw}: everything landed as received. */
    public static final String RAW = "raw";
    /** {@code catalog.db}: the lake's Iceberg catalog (SQLite). */
    public static final String CATALOG = "catalog.db";
    /** {@code tables}: one Iceberg table per folder. */
    public static final String TABLES = "tables";
    /** {@code tables/_snapshot.json}: the release record (the published snapshot of every table). */
    public static final String SNAPSHOT = TABLES + "/_snapshot.json";
    /** {@code tables/_snapshots}: every snapshot ever published. */
    public static final String SNAPSHOT_HISTORY = TABLES + "/_snapshots";
}
