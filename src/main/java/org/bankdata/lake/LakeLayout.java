package org.bankdata.lake;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where everything lives in a lake folder.
 * <pre>
 * raw/&lt;source&gt;/run=&lt;run-id&gt;/...     exact bytes received, one folder per run
 * raw/manifests/run=&lt;run-id&gt;.jsonl    one line per landed file or API page
 * tables/&lt;table&gt;/v_&lt;run-id&gt;/          Parquet written by a run (invisible until published)
 * tables/_snapshot.json                the published snapshot: which version of each table readers see
 * tables/_snapshots/&lt;run-id&gt;.json      every snapshot ever published
 * runs/&lt;run-id&gt;.json                  summary of each run (steps, durations, rows, outcome)
 * runs/history.db                      run history (SQLite)
 * runs/leases/&lt;run-id&gt;[~task].lease     held (OS lock) by the live process of a run or of one of its tasks
 * raw/fees/&lt;api-host&gt;/&lt;person-type&gt;/&lt;cnpj8&gt;/&lt;date&gt;/&lt;run-id&gt;/   a fees answer, kept across runs
 * .lock                                the publish lock, held for the milliseconds of a snapshot swap
 * </pre>
 * Every path of the lake is made here; nothing else resolves a folder or file name against the lake root.
 */
public record LakeLayout(Path root) {
    public LakeLayout {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /** Everything landed as received: {@code raw/}. */
    public Path rawRoot() {
        return root.resolve("raw");
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

    public Path manifest(String runId) {
        return rawRoot().resolve("manifests").resolve("run=" + runId + ".jsonl");
    }

    public Path tablesDir() {
        return root.resolve("tables");
    }

    public Path tableVersion(String table, String runId) {
        return tablesDir().resolve(table).resolve("v_" + runId);
    }

    public Path snapshotFile() {
        return tablesDir().resolve("_snapshot.json");
    }

    public Path snapshotHistoryDir() {
        return tablesDir().resolve("_snapshots");
    }

    /** Run summaries, the run history and the leases: {@code runs/}. */
    public Path runsDir() {
        return root.resolve("runs");
    }

    public Path runSummary(String runId) {
        return runsDir().resolve(runId + ".json");
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
        return root.resolve(".lock");
    }

    /** The file or folder of a lake-relative path as stored in snapshots and manifests (the inverse of {@link #relative}). */
    public Path resolve(String stored) {
        return root.resolve(stored);
    }

    /** A path relative to the lake root, with forward slashes, as stored in snapshots and manifests. */
    public String relative(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
