package org.bankdata.lake;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.config.CatalogUri;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.LakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's Iceberg catalog (catalog {@value #NAME}, namespace {@code bankdata} unless chosen otherwise): one Iceberg table (format v2) per
 * declared table, located under {@code tables/<table>} of the lake. Each attempt of a run's task writes its tables on
 * a branch of its own ({@link #attemptBranch}); the run's version of a table is the snapshot its finished attempt
 * recorded (a table written in parts: the head of the run's branch {@code run_<run-id>}, where each finished part is
 * moved); publishing tags it {@code release_<run-id>}, makes it {@code main} and removes the run's branches. Nothing
 * here deletes a snapshot or a file.
 * <p>
 * The catalog is Iceberg's JDBC catalog ({@link LakeJdbcCatalog}) in a SQLite file or a Postgres database, or an Iceberg
 * REST catalog ({@link RESTCatalog}): see {@link CatalogUri}. A SQLite file is shared by the threads and processes of
 * one host: every connection waits for another's write ({@code busy_timeout}) instead of failing. The catalog's own
 * tables and the lake's tables are created once, under the lake's publish lock, so two processes opening a new lake
 * at once do not both create them. A lake on S3 names the one catalog that owns it ({@link CatalogOwner}).
 */
public final class LakeCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCatalog.class);
    public static final String NAME = CatalogUri.NAME;
    private static final Duration CREATE_LOCK_WAIT = Duration.ofSeconds(60);
    private static final Map<String, LakeCatalog> OPEN = new ConcurrentHashMap<>();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final java.util.regex.Pattern ATTEMPT_SUFFIX = java.util.regex.Pattern.compile("_[a-z_]+_a\\d+_[0-9a-f]{6}");

    private final CatalogUri uri;
    private final LakeLocation lake;
    private final Catalog catalog;

    private LakeCatalog(CatalogUri uri, LakeLocation lake, Catalog catalog) {
        this.uri = uri;
        this.lake = lake;
        this.catalog = catalog;
    }

    /** The catalog of {@code site}'s lake, made (with every declared table) on first use; one per process and catalog. */
    public static LakeCatalog of(LakeSite site) {
        return OPEN.computeIfAbsent(key(site), key -> open(site));
    }

    /**
     * The catalog of {@code site}'s lake opened afresh (at the start of a run): checked against the lake's files,
     * whose metadata may be gone since this process last opened it (a bucket emptied).
     */
    public static LakeCatalog reopen(LakeSite site) {
        LakeCatalog fresh = open(site);
        OPEN.put(key(site), fresh); // the previous one is left open: another run of this process may still be using it
        return fresh;
    }

    private static String key(LakeSite site) {
        return site.catalog().uri() + " " + site.catalog().namespace() + " " + site.location().uri();
    }

    private static LakeCatalog open(LakeSite site) {
        CatalogUri uri = site.catalog();
        CatalogOwner.claim(site);
        Configuration hadoop = hadoopConf(site.s3());
        Catalog existing = connect(uri, site.location(), hadoop, false);
        if (existing != null && hasEveryTable(existing, uri) && readable(existing, uri, Tables.all().get(0))) {
            return new LakeCatalog(uri, site.location(), requireOwned(uri, site.location(), existing));
        }
        closeQuietly(existing);
        try (LakeLocks.Held lock = site.locks().publishLock(CREATE_LOCK_WAIT)) {
            Catalog creating = connect(uri, site.location(), hadoop, true);
            Namespace ns = Namespace.of(uri.namespace());
            SupportsNamespaces namespaces = (SupportsNamespaces) creating;
            if (!namespaces.namespaceExists(ns)) {
                namespaces.createNamespace(ns);
            }
            java.util.Set<TableIdentifier> listed = new java.util.HashSet<>(creating.listTables(ns));
            for (TableDef def : Tables.all()) {
                TableIdentifier id = TableIdentifier.of(ns, def.name());
                if (listed.contains(id) && uri.isLocalFile() && !readable(creating, uri, def)) {
                    // its metadata is gone from the lake (a bucket emptied, a folder replaced): the catalog's entry
                    // names nothing; the table starts again, as the lake's files do (only in a catalog of this lake's
                    // own: an entry of a shared catalog may be another lake's, which is refused below instead)
                    creating.dropTable(id, false);
                    listed.remove(id);
                    LOG.warn("the catalog named metadata of table {} that lake {} no longer holds: the table starts again",
                            def.name(), site.location());
                }
                if (!listed.contains(id)) {
                    Schema schema = IcebergSchemas.schema(def);
                    try {
                        creating.buildTable(id, schema).withPartitionSpec(IcebergSchemas.spec(def, schema))
                                .withLocation(site.location().resolve(LakeLayout.tableKey(def.name())).uri())
                                .withProperties(IcebergSchemas.properties(schema)).create();
                        CommitCounter.refsChanged(def.name(), "create");
                    } catch (AlreadyExistsException raced) {
                        // created by a process that does not take the lock (an older one): the table is there
                    }
                }
            }
            LOG.debug("created the Iceberg tables of {} in {}", site.location(), uri);
            // The connection that made the catalog's own tables is not kept: when they exist already (a catalog
            // whose tables are made again after a bucket was emptied), Iceberg's check for them leaves a query open
            // on it, and on SQLite that open read holds the file's shared lock, so every commit of the run waited
            // for it and failed ("database is locked"). Closing it releases the lock; the run's catalog is a fresh
            // connection that makes nothing.
            closeQuietly(creating);
        }
        Catalog made = connect(uri, site.location(), hadoop, false);
        if (made == null) {
            throw new LakeException("cannot open the catalog " + uri + " of lake " + site.location()
                    + " after making its tables");
        }
        return new LakeCatalog(uri, site.location(), requireOwned(uri, site.location(), made));
    }

    private static void closeQuietly(Catalog catalog) {
        if (!(catalog instanceof java.io.Closeable closeable)) {
            return;
        }
        try {
            closeable.close();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("closing a connection to the catalog failed: {}", e.toString());
        }
    }

    /**
     * {@code catalog}, once it is shown to hold this lake's tables: a catalog shared by several hosts (a Postgres
     * database) names each table once, so a second lake in it would take over the first one's tables. Refused in one
     * line then.
     */
    private static Catalog requireOwned(CatalogUri uri, LakeLocation lake, Catalog catalog) {
        if (uri.isLocalFile()) {
            return catalog; // a SQLite catalog belongs to its lake's folder (or the lake's own state folder)
        }
        String name = Tables.all().get(0).name();
        String expected = lake.resolve(LakeLayout.tableKey(name)).uri();
        String actual = catalog.loadTable(TableIdentifier.of(uri.namespace(), name)).location();
        if (!stripSlash(actual).equals(stripSlash(expected))) {
            throw new LakeException("the Iceberg catalog in " + uri + " already holds the tables of another lake in namespace "
                    + uri.namespace() + " (table " + name + " at " + actual + "); lake " + lake + " needs a catalog of its"
                    + " own: give it a namespace of its own (--namespace) or another catalog (--catalog)");
        }
        return catalog;
    }

    private static String stripSlash(String location) {
        return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    }

    /** Whether the catalog's current metadata of {@code def} can be read from the lake. */
    private static boolean readable(Catalog catalog, CatalogUri uri, TableDef def) {
        try {
            catalog.loadTable(TableIdentifier.of(uri.namespace(), def.name()));
            return true;
        } catch (org.apache.iceberg.exceptions.NotFoundException | org.apache.iceberg.exceptions.RuntimeIOException gone) {
            return false;
        }
    }

    private static boolean hasEveryTable(Catalog catalog, CatalogUri uri) {
        try {
            Namespace ns = Namespace.of(uri.namespace());
            return ((SupportsNamespaces) catalog).namespaceExists(ns) && catalog.listTables(ns).size() >= Tables.all().size();
        } catch (RuntimeException notYetMade) {
            return false;
        }
    }

    /** A connection to the catalog, or null when its tables do not exist yet and {@code create} is false. */
    private static Catalog connect(CatalogUri uri, LakeLocation lake, Configuration hadoop, boolean create) {
        if (!create && uri.isLocalFile() && !Files.exists(uri.sqliteFile())) {
            return null;
        }
        try {
            if (create && uri.isLocalFile()) {
                Files.createDirectories(uri.sqliteFile().toAbsolutePath().getParent());
            }
            if (uri.isRest()) {
                return RestCatalogConnection.open(uri, hadoop, properties(uri, lake, create));
            }
            JdbcCatalog catalog = new LakeJdbcCatalog();
            catalog.setConf(hadoop);
            catalog.initialize(NAME, properties(uri, lake, create));
            return catalog;
        } catch (org.bankdata.errors.UsageException refused) {
            throw refused; // a login the catalog refused: waiting for the lock and trying again would not mend it
        } catch (java.io.IOException | RuntimeException e) {
            if (!create) {
                return null;
            }
            throw new LakeException("cannot open the catalog " + uri + " of lake " + lake + ": " + e.getMessage(), e);
        }
    }

    /**
     * The catalog's properties, as the Java API and Spark ({@code spark.sql.catalog.<name>.*}) take them. A REST catalog
     * is asked for no warehouse (each table is made at its place in the lake) and its files are read and written with
     * Hadoop's file systems, as the JDBC catalog's are (the lake's S3A settings, not the AWS SDK's). Its login
     * ({@link org.bankdata.config.RestCatalogLogin}) is Iceberg's REST client properties ({@code credential},
     * {@code token}, {@code oauth2-server-uri}, {@code scope}, {@code rest.auth.type}, the SigV4 ones): only the driver
     * talks to the catalog, so a cluster's executors need none of it.
     */
    static Map<String, String> properties(CatalogUri uri, LakeLocation lake, boolean create) {
        Map<String, String> p = new HashMap<>();
        p.put(CatalogProperties.URI, uri.uri());
        // Spark's catalog must see the branches made after it first loaded a table (each attempt makes its own)
        p.put(CatalogProperties.CACHE_ENABLED, "false");
        if (uri.isRest()) {
            p.put(CatalogProperties.FILE_IO_IMPL, HadoopFileIO.class.getName());
            p.putAll(uri.login().properties(uri.uri()));
            return p;
        }
        if (uri.user() != null) {
            p.put(JdbcCatalog.PROPERTY_PREFIX + "user", uri.user());
        }
        if (uri.password() != null) {
            p.put(JdbcCatalog.PROPERTY_PREFIX + "password", uri.password());
        }
        p.put(CatalogProperties.WAREHOUSE_LOCATION, lake.resolve(LakeLayout.TABLES).uri());
        p.put("jdbc.init-catalog-tables", String.valueOf(create));
        if (uri.isLocalFile()) {
            p.put("jdbc.busy_timeout", "60000");
        }
        return p;
    }

    /**
     * The Spark settings of a catalog named {@code name} over this lake's catalog: for another engine (named
     * {@value #NAME}, Iceberg's JDBC catalog), or for this process's Spark ({@link LakeJdbcCatalog}, any name). A REST
     * catalog is Iceberg's {@code type=rest} for both.
     */
    public Map<String, String> sparkSettings(String name) {
        Map<String, String> settings = new java.util.TreeMap<>();
        settings.put("spark.sql.catalog." + name, "org.apache.iceberg.spark.SparkCatalog");
        if (uri.isRest()) {
            settings.put("spark.sql.catalog." + name + ".type", "rest");
        } else {
            settings.put("spark.sql.catalog." + name + ".catalog-impl",
                    name.equals(NAME) ? JdbcCatalog.class.getName() : LakeJdbcCatalog.class.getName());
        }
        properties(uri, lake, false).forEach((k, v) -> settings.put("spark.sql.catalog." + name + "." + k, v));
        return settings;
    }

    private static Configuration hadoopConf(S3Settings s3) {
        Configuration conf = new Configuration();
        ForklessLocalFileSystem.SETTINGS.forEach(conf::set);
        s3.properties().forEach(conf::set);
        return conf;
    }

    public CatalogUri uri() {
        return uri;
    }

    /** The table's current metadata (read afresh: other processes commit too). */
    public Table table(String name) {
        return catalog.loadTable(TableIdentifier.of(uri.namespace(), name));
    }

    /**
     * {@code run_<run-id>}: the run's branch of a table written in parts by several tasks (quarantine): each part is
     * moved there when the task that wrote it finished. A table written whole has none; its run's version is the
     * snapshot the finished attempt recorded.
     */
    public static String branch(String runId) {
        return "run_" + runId;
    }

    /**
     * {@code run_<run-id>_<task>_a<attempt>_<6 hex digits>}: the branch one attempt of a task writes its tables on, its
     * own whatever other attempt runs (random digits: two processes that both count an attempt 1 of the same task, a
     * resumed run and the one it resumes, still write apart).
     */
    public static String attemptBranch(String runId, String task, int attempt) {
        byte[] token = new byte[3];
        RANDOM.nextBytes(token);
        return branch(runId) + "_" + task + "_a" + attempt + "_" + HexFormat.of().formatHex(token);
    }

    /** Whether {@code ref} is a branch run {@code runId} made: its run branch or a branch of one of its attempts. */
    static boolean isBranchOf(String ref, String runId) {
        String run = branch(runId);
        return ref.equals(run) || ref.startsWith(run) && ATTEMPT_SUFFIX.matcher(ref.substring(run.length())).matches();
    }

    /** {@code release_<run-id>}: the tag of the snapshot a run published. */
    public static String tag(String runId) {
        return "release_" + runId;
    }

    /**
     * The snapshot of {@code name} that run {@code runId} publishes: the tag it was published as (a publish repeated
     * after a crash), else the head of the run's branch (a table written in parts), else {@code recorded}, the snapshot
     * the finished attempt that wrote the table recorded. A straggling write of an attempt that timed out commits on
     * that attempt's branch only, so it is none of these.
     */
    public long runSnapshot(String name, String runId, Long recorded) {
        Table table = table(name);
        SnapshotRef ref = table.refs().get(tag(runId));
        if (ref == null) {
            ref = table.refs().get(branch(runId));
        }
        if (ref != null) {
            return ref.snapshotId();
        }
        if (recorded == null || table.snapshot(recorded) == null) {
            throw new LakeException("table " + name + " of lake " + lake + " holds no data of run " + runId);
        }
        return recorded;
    }

    /**
     * Makes {@code branch} of {@code name} from {@code main}'s head (empty on a table never published), if it does not
     * exist yet: one commit. Spark writes only to a branch that exists.
     */
    public void ensureBranch(String name, String branch) {
        // another task may make its own branch of the same table (quarantine) at the same moment: on that conflict
        // (a refused commit, or a REST catalog's refusal of the new branch's empty snapshot for its sequence number),
        // read the table again and make this one on what it now is
        dev.failsafe.Failsafe.with(dev.failsafe.RetryPolicy.<Void>builder()
                .handleIf(e -> e instanceof org.apache.iceberg.exceptions.CommitFailedException || concurrentSnapshot(e))
                .withMaxAttempts(5)
                .withDelay(java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(70))
                .onRetry(e -> LOG.debug("making branch {} of {} met a concurrent commit; trying again", branch, name))
                .build()).run(() -> makeBranch(name, branch));
    }

    private void makeBranch(String name, String branch) {
        Table table = table(name);
        if (table.refs().containsKey(branch)) {
            return;
        }
        SnapshotRef main = table.refs().get(SnapshotRef.MAIN_BRANCH);
        try {
            ManageSnapshots create = table.manageSnapshots();
            if (main == null) {
                create.createBranch(branch);
            } else {
                create.createBranch(branch, main.snapshotId());
            }
            create.commit();
            CommitCounter.refsChanged(name, "branch " + branch);
        } catch (RuntimeException e) {
            if (!table(name).refs().containsKey(branch)) { // made by another writer of the attempt meanwhile: fine
                throw e;
            }
        }
    }

    /** The newest snapshot on {@code branch} of {@code name} whose summary has {@code key} = {@code value}. */
    public Snapshot committed(String name, String branch, String key, String value) {
        Table table = table(name);
        SnapshotRef ref = table.refs().get(branch);
        for (Snapshot s = ref == null ? null : table.snapshot(ref.snapshotId()); s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            if (value.equals(s.summary().get(key))) {
                return s;
            }
        }
        throw new LakeException("the write of " + name + " on " + branch + " is not in lake " + lake + "'s catalog (refs "
                + table.refs() + ", current " + table.currentSnapshot() + ")");
    }

    /** Whether {@code name} still has snapshot {@code id} (nothing removes them, unless the catalog was replaced). */
    public boolean hasSnapshot(String name, long id) {
        try {
            return table(name).snapshot(id) != null;
        } catch (org.apache.iceberg.exceptions.NotFoundException | org.apache.iceberg.exceptions.RuntimeIOException gone) {
            return false; // the table's metadata is gone from the lake (a bucket emptied): nothing of it can be reused
        }
    }

    /** The data files of {@code name} at snapshot {@code id}, as lake-relative keys ({@code tables/<table>/data/...}). */
    public List<String> files(String name, long id) {
        return files(name, id, org.apache.iceberg.expressions.Expressions.alwaysTrue());
    }

    /** As {@link #files(String, long)}, only the files that may hold rows matching {@code filter}. */
    public List<String> files(String name, long id, org.apache.iceberg.expressions.Expression filter) {
        Table table = table(name);
        String location = normalized(table.location()).replaceAll("/+$", "");
        List<String> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(id).filter(filter).planFiles()) {
            for (FileScanTask task : tasks) {
                String path = normalized(task.file().location());
                if (!path.startsWith(location + "/")) {
                    throw new LakeException("data file " + path + " of table " + name + " is outside its folder " + location);
                }
                files.add(LakeLayout.tableKey(name) + path.substring(location.length()));
            }
        } catch (java.io.IOException e) {
            throw new LakeException("cannot list the files of " + name + " in lake " + lake + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    /** {@code file:///x} and {@code file:/x} are one file (Hadoop writes the one, a path's URI is the other). */
    private static String normalized(String location) {
        return location.replaceFirst("^file:/+", "file:/");
    }

    /**
     * Publishes snapshot {@code id} of {@code name} as run {@code runId}'s release, in one commit: tags it
     * {@code release_<run-id>}, makes it {@code main} and removes the run's branches (its run branch and every attempt
     * branch: the snapshots they held that a reader may need are the tag's; the others were never read). Done already (a
     * retried publish): nothing is committed.
     */
    public void release(String name, long id, String runId) {
        Table table = table(name);
        Map<String, SnapshotRef> refs = table.refs();
        ManageSnapshots changes = table.manageSnapshots();
        boolean changed = false;
        if (!refs.containsKey(tag(runId))) {
            changes.createTag(tag(runId), id);
            changed = true;
        }
        SnapshotRef main = refs.get(SnapshotRef.MAIN_BRANCH);
        if (main == null) {
            changes.createBranch(SnapshotRef.MAIN_BRANCH, id);
            changed = true;
        } else if (main.snapshotId() != id) {
            changes.replaceBranch(SnapshotRef.MAIN_BRANCH, id);
            changed = true;
        }
        for (Map.Entry<String, SnapshotRef> ref : refs.entrySet()) {
            if (ref.getValue().isBranch() && isBranchOf(ref.getKey(), runId)) {
                changes.removeBranch(ref.getKey());
                changed = true;
            }
        }
        if (changed) {
            changes.commit();
            CommitCounter.refsChanged(name, "release " + runId);
        }
    }

    /**
     * Gives run {@code runId}'s branch of {@code name} the rows of snapshot {@code from} whose {@code column} is
     * {@code value}, in one commit and without copying data: the same data files are added to the branch. Returns the
     * new snapshot.
     */
    public Snapshot copyPart(String name, long from, String column, String value, String runId) {
        return retryingConcurrentSnapshot(name, () -> copyPartNow(name, from, column, value, runId));
    }

    /**
     * Runs {@code commit}, a write that adds a snapshot to table {@code name}, again (up to 4 more times) when another
     * snapshot of the table, on another branch, was committed at the same moment and the catalog refused this one
     * outright instead of retrying it itself: a JDBC catalog retries such a commit, but a REST catalog server may answer
     * "Cannot add snapshot with sequence number 2 older than last sequence number 2" or "Invalid snapshot with
     * sequence number 4 greater than last sequence number 3" (quarantine parts of two tasks, each on its own branch).
     * A write that fails for any other reason fails at once.
     */
    public static <T> T retryingConcurrentSnapshot(String name, java.util.function.Supplier<T> commit) {
        return dev.failsafe.Failsafe.with(dev.failsafe.RetryPolicy.<T>builder()
                .handleIf(LakeCatalog::concurrentSnapshot).withMaxAttempts(5)
                .withDelay(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(200))
                .onRetry(e -> LOG.debug("commit to {} met a concurrent snapshot; writing again", name))
                .build()).get(commit::get);
    }

    private static boolean concurrentSnapshot(Throwable e) {
        if (!(e instanceof RuntimeException)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("older than last sequence number")
                    || t.getMessage().contains("greater than last sequence number"))) {
                return true;
            }
        }
        return false;
    }

    private Snapshot copyPartNow(String name, long from, String column, String value, String runId) {
        Table table = table(name);
        org.apache.iceberg.OverwriteFiles overwrite = table.newOverwrite()
                .overwriteByRowFilter(org.apache.iceberg.expressions.Expressions.equal(column, value));
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(from)
                .filter(org.apache.iceberg.expressions.Expressions.equal(column, value)).planFiles()) {
            for (FileScanTask task : tasks) {
                overwrite.addFile(task.file());
            }
        } catch (java.io.IOException e) {
            throw new LakeException("cannot list the files of " + name + " in lake " + lake + ": " + e.getMessage(), e);
        }
        overwrite.toBranch(branch(runId)).commit();
        Table after = table(name);
        return after.snapshot(after.refs().get(branch(runId)).snapshotId());
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
