package org.bankdata.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.RunConfig;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.LakeLayout;
import org.bankdata.config.QuarterRange;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.Snapshot;
import org.bankdata.query.LakeQueryEngine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --lake} option every verb accepts (replay takes it too, so scripts can pass it everywhere), with what a
 * lake on S3 needs: {@code --conf fs.s3a.key=value} settings over the standard AWS variables, and the local folder
 * keeping an S3 lake's run history and locks; and where its Iceberg tables are listed ({@link CatalogOption}).
 */
public final class LakeOption {
    @Option(names = "--lake", paramLabel = "DIR|URL", defaultValue = "${env:BANKDATA_LAKE:-lake}",
            converter = LakePathConverter.class,
            description = "Lake: a local folder or s3a://bucket/prefix (default: ${DEFAULT-VALUE}; env BANKDATA_LAKE).")
    LakeLocation lake;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "An S3A setting for a lake on S3 (fs.s3a.* or spark.hadoop.fs.s3a.*), over the AWS_* variables;"
                    + " repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--lake-state", paramLabel = "DIR", defaultValue = "${env:BANKDATA_LAKE_STATE:-${sys:user.home}/.bankdata/lakes}",
            description = "Where a lake on S3 keeps its run history and locks, and its query cache, one folder per lake"
                    + " (default: ${DEFAULT-VALUE}; env BANKDATA_LAKE_STATE). A local lake keeps them in its folder.")
    Path state;

    @Mixin
    CatalogOption catalog = new CatalogOption();

    LakeLayout layout() {
        return new LakeLayout(lake);
    }

    /** The S3 settings of this process (empty for a local lake). */
    S3Settings s3() {
        return lake.isS3() ? S3Settings.fromEnvironment(conf) : S3Settings.none();
    }

    /**
     * The S3 settings of a run over {@code config}: this process's (the AWS_* variables and --conf) when its lake or
     * any of its inputs is on S3, or when its inputs are not known yet ({@code inputsUnknown}: a resumed run reads the
     * ones it recorded), none otherwise. An s3a:// input of a run on a local lake is read with them; Spark gets them
     * only for a lake on S3 ({@link #s3()}), since the tasks parse the copies they land in the lake.
     */
    S3Settings s3(RunConfig config, boolean inputsUnknown) {
        return lake.isS3() || inputsUnknown || config.readsFromS3() ? S3Settings.fromEnvironment(conf) : S3Settings.none();
    }

    /**
     * DuckDB over the published snapshot: read in place for a local lake, from the snapshot's local copy for a lake
     * on S3 (made on first use, see {@code lake.SnapshotCache}); chart views restricted to {@code range}.
     */
    LakeQueryEngine query(QuarterRange range) {
        return query(range, null, null);
    }

    /**
     * As {@link #query(QuarterRange)}, over run {@code asOf}'s release when given (an earlier release still retained:
     * its tables' data files as the Iceberg catalog lists them for the tags {@code release_<run-id>}; the catalog is
     * the one that goes with the history at {@code history}, null for the lake's own).
     */
    LakeQueryEngine query(QuarterRange range, String asOf, org.bankdata.history.HistoryLocation history) {
        try (LakeSite opened = open()) {
            LakeSite site = org.bankdata.history.HistoryStore.withLocksOf(opened, history);
            Snapshot snapshot = asOf == null ? site.snapshots().require() : new org.bankdata.lake.Releases(site).asOf(asOf);
            return LakeQueryEngine.open(site.readable(snapshot), snapshot, range);
        }
    }

    /** Opens the lake: its storage, history file, locks and catalog. */
    LakeSite open() {
        return open(s3());
    }

    /** Opens the lake with {@code s3} as its S3 settings (those of a run whose inputs may be on S3: {@link #s3(RunConfig, boolean)}). */
    LakeSite open(S3Settings s3) {
        LakeSite site = LakeSite.open(lake, s3, state);
        try {
            return catalog.apply(site);
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
    }
}
