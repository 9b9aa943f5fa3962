package org.bankdata.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * Everything one pipeline run needs, its values validated once when built; the files it names are checked by the
 * preflight.
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
        @Identifying Path complaintsDir,
        @Identifying Path bankList,
        @Identifying FeesApiConfig feesApi,
        Path replayResponses,
        LakeLocation lake,
        String sparkMaster,
        @Identifying QuarantineLimit maxQuarantined,
        Path conglomerateAliases) {

    /**
     * {@code --master}'s default when neither {@code BANKDATA_SPARK_MASTER} nor spark-submit names one: Spark in this
     * process.
     */
    public static final String DEFAULT_MASTER = "local[*]";

    /** A run with the default {@link QuarantineLimit}. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, LakeLocation lake,
            String sparkMaster) {
        this(complaintsDir, bankList, feesApi, replayResponses, lake, sparkMaster, QuarantineLimit.DEFAULT);
    }

    /** A run with no conglomerate alias file. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, LakeLocation lake,
            String sparkMaster, QuarantineLimit maxQuarantined) {
        this(complaintsDir, bankList, feesApi, replayResponses, lake, sparkMaster, maxQuarantined, null);
    }

    /** A run on a local lake folder, with the default {@link QuarantineLimit}. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, Path lake, String sparkMaster) {
        this(complaintsDir, bankList, feesApi, replayResponses, LakeLocation.local(lake), sparkMaster, QuarantineLimit.DEFAULT);
    }

    /** A run on a local lake folder, with no conglomerate alias file. */
    public RunConfig(Path complaintsDir, Path bankList, FeesApiConfig feesApi, Path replayResponses, Path lake, String sparkMaster,
            QuarantineLimit maxQuarantined) {
        this(complaintsDir, bankList, feesApi, replayResponses, LakeLocation.local(lake), sparkMaster, maxQuarantined, null);
    }

    /** The same run with {@code aliases} as its conglomerate alias file. */
    public RunConfig withConglomerateAliases(Path aliases) {
        return new RunConfig(complaintsDir, bankList, feesApi, replayResponses, lake, sparkMaster, maxQuarantined, aliases);
    }

    /**
     * Checks the values only; whether the paths exist is the preflight's business
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
        complaintsDir = complaintsDir.toAbsolutePath().normalize();
        bankList = bankList.toAbsolutePath().normalize();
        replayResponses = replayResponses == null ? null : replayResponses.toAbsolutePath().normalize();
        conglomerateAliases = conglomerateAliases == null ? null : conglomerateAliases.toAbsolutePath().normalize();
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
