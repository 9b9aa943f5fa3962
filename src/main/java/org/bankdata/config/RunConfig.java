package org.bankdata.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * Everything one pipeline run needs, its values validated once when built; the files it names are checked by the
 * preflight. Each input is a local path or an {@code s3a://} location ({@link LakeLocation#parseInput}).
 *
 * @param complaintsDir folder whose {@code *.csv} files are BCB complaints-ranking files
 * @param bankList      the BCB bank list (TSV: Segmento, CNPJ, Nome)
 * @param feesApi       how the fees service is asked (URL or embedded replay, page size, concurrency, rate, retries,
 *                      person types, refresh)
 * @param replayResponses recorded fee responses served by the replay when the fees API has no URL
 * @param lake          where the lake is: a local folder or an {@code s3a://} prefix
 * @param sparkMaster   Spark master URL, e.g. {@code local[*]} or {@code spark://host:7077}
 * @param maxQuarantined how many rows of a source may be quarantined before the run fails instead of publishing
 * @param conglomerateAliases the curated conglomerate alias file (see data/bcb/conform), or null for none; its content
 *                      counts in the run's input digest, like the other input files
 */
public record RunConfig(
        @Identifying LakeLocation complaintsDir,
        @Identifying LakeLocation bankList,
        @Identifying FeesApiConfig feesApi,
        LakeLocation replayResponses,
        LakeLocation lake,
        String sparkMaster,
        @Identifying QuarantineLimit maxQuarantined,
        LakeLocation conglomerateAliases) {

    /**
     * {@code --master}'s default when neither {@code BANKDATA_SPARK_MASTER} nor spark-submit names one: Spark in this
     * process.
     */
    public static final String DEFAULT_MASTER = "local[*]";

    /** A run on local input files. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, LakeLocation lake,
            String sparkMaster, QuarantineLimit maxQuarantined, Path conglomerateAliases) {
        this(local(complaintsDir), local(bankList), feesApi, local(replayResponses), lake, sparkMaster, maxQuarantined,
                local(conglomerateAliases));
    }

    /** A run with the default {@link QuarantineLimit}. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, LakeLocation lake,
            String sparkMaster) {
        this(complaintsDir, bankList, feesApi, replayResponses, lake, sparkMaster, QuarantineLimit.DEFAULT);
    }

    /** A run with no conglomerate alias file. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, LakeLocation lake,
            String sparkMaster, QuarantineLimit maxQuarantined) {
        this(complaintsDir, bankList, feesApi, replayResponses, lake, sparkMaster, maxQuarantined, (Path) null);
    }

    /** A run on a local lake folder, with the default {@link QuarantineLimit}. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, Path lake, String sparkMaster) {
        this(complaintsDir, bankList, feesApi, replayResponses, LakeLocation.local(lake), sparkMaster, QuarantineLimit.DEFAULT);
    }

    /** A run on a local lake folder, with no conglomerate alias file. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, Path lake, String sparkMaster,
            QuarantineLimit maxQuarantined) {
        this(complaintsDir, bankList, feesApi, replayResponses, LakeLocation.local(lake), sparkMaster, maxQuarantined, (Path) null);
    }

    /** The same run with {@code aliases} as its conglomerate alias file. */
    public RunConfig withConglomerateAliases(Path aliases) {
        return withConglomerateAliases(local(aliases));
    }

    /** The same run with {@code aliases} (local or on S3) as its conglomerate alias file. */
    public RunConfig withConglomerateAliases(LakeLocation aliases) {
        return new RunConfig(complaintsDir, bankList, feesApi, replayResponses, lake, sparkMaster, maxQuarantined, aliases);
    }

    private static LakeLocation local(Path path) {
        return path == null ? null : LakeLocation.local(path);
    }

    /**
     * Checks the values only; whether the inputs exist is the preflight's business
     * ({@code org.bankdata.pipeline.Preflight#requireInputs}), so a config can be built, compared and stored anywhere.
     */
    public RunConfig {
        Objects.requireNonNull(complaintsDir, "complaintsDir");
        Objects.requireNonNull(maxQuarantined, "maxQuarantined");
        Objects.requireNonNull(bankList, "bankList");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(sparkMaster, "sparkMaster");
        Objects.requireNonNull(feesApi, "feesApi");
        if (feesApi.usesReplay()) {
            Objects.requireNonNull(replayResponses, "replayResponses");
        }
        if (sparkMaster.isBlank()) {
            throw new UsageException("--master must not be empty; use local[*] or spark://host:port");
        }
    }

    /** Whether any input is read from S3 (then the S3 settings are needed even with a local lake). */
    public boolean readsFromS3() {
        return java.util.stream.Stream.of(complaintsDir, bankList, conglomerateAliases, usesReplay() ? replayResponses : null)
                .anyMatch(input -> input != null && input.isS3());
    }

    public boolean usesReplay() {
        return feesApi.usesReplay();
    }

    /** Base of the fees service, or null for the embedded replay. */
    public URI apiUrl() {
        return feesApi.apiUrl();
    }

    public int apiPageSize() {
        return feesApi.pageSize();
    }
}
