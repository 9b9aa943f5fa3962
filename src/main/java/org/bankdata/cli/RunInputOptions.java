package org.bankdata.cli;

import java.nio.file.Path;
import org.bankdata.config.BankdataHome;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.UsageException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a pipeline run reads and where it runs: the options `run` and `job` share. */
public final class RunInputOptions {
    @Option(names = "--complaints", paramLabel = "DIR|URL",
            description = "Folder of BCB complaints-ranking *.csv files, local or s3a://bucket/prefix (default: bundled"
                    + " data/bcb/complaints).")
    String complaints;

    @Option(names = "--banks", paramLabel = "FILE|URL",
            description = "BCB bank list TSV, local or s3a://bucket/key (default: bundled"
                    + " data/bcb/banks/EnquadramentoInicia_v2.tsv).")
    String banks;

    @Option(names = "--conglomerate-aliases", paramLabel = "FILE|URL",
            description = "Curated CSV matching ranking conglomerates to the bank list's prudential conglomerates and"
                    + " naming their main bank, local or s3a://bucket/key (default: bundled"
                    + " data/bcb/conform/conglomerate-aliases.csv).")
    String conglomerateAliases;

    @Option(names = "--api-responses", paramLabel = "DIR|URL",
            description = "Folder of recorded fees-API answers (J_<cnpj>.json, F_<cnpj>.json) that the embedded replay"
                    + " serves when no --api-url is given, local or s3a://bucket/prefix (default: bundled"
                    + " data/bcb/fees-api/responses).")
    String apiResponses;

    @Mixin
    FeesApiOptions feesApi;

    @Option(names = "--max-quarantined", paramLabel = "N|P%|N,P%", defaultValue = QuarantineLimit.DEFAULT_TEXT,
            description = "Rows of one source (complaints, banks, fees) that may be quarantined and the run still publish:"
                    + " N rows, P%% of the source's rows, or N,P%% (whichever is larger). Default: ${DEFAULT-VALUE} (5 rows"
                    + " or 1%%, whichever is larger). Above it the run fails and publishes nothing; 100%% never stops a run,"
                    + " 0 stops it at the first bad row.")
    String maxQuarantined;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "${env:BANKDATA_SPARK_MASTER:-" + RunConfig.DEFAULT_MASTER + "}",
            description = "Spark master (default: ${DEFAULT-VALUE}), e.g. spark://host:7077; under spark-submit, the one"
                    + " spark-submit sets.")
    String master;

    /** The run's configuration on {@code lake}, the bundled data standing in for what is not given. */
    RunConfig toConfig(LakeLocation lake) {
        BankdataHome home = BankdataHome.detect();
        if ((complaints == null || banks == null) && !home.hasBundledData()) {
            throw new UsageException("the bundled data is not at " + home.root() + "/data/bcb; pass --complaints and --banks");
        }
        return new RunConfig(input("--complaints", complaints, home.bundledComplaints()),
                input("--banks", banks, home.bundledBankList()), feesApi.toConfig(),
                input("--api-responses", apiResponses, home.bundledFeeResponses()), lake, SparkMasters.resolve(master),
                QuarantineLimit.parse(maxQuarantined),
                input("--conglomerate-aliases", conglomerateAliases, home.bundledConglomerateAliases()));
    }

    /** What the user gave for {@code option} (a path or an s3a:// URL), else the bundled file. */
    private static LakeLocation input(String option, String given, Path bundled) {
        return given != null ? LakeLocation.parseInput(option, given) : LakeLocation.local(bundled);
    }
}
