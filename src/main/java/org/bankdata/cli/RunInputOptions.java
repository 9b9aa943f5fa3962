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
    @Option(names = "--complaints", paramLabel = "DIR",
            description = "Folder of BCB complaints-ranking *.csv files (default: bundled data/bcb/complaints).")
    Path complaints;

    @Option(names = "--banks", paramLabel = "FILE",
            description = "BCB bank list TSV (default: bundled data/bcb/banks/EnquadramentoInicia_v2.tsv).")
    Path banks;

    @Option(names = "--conglomerate-aliases", paramLabel = "FILE",
            description = "Curated CSV matching ranking conglomerates to the bank list's prudential conglomerates and"
                    + " naming their main bank (default: bundled data/bcb/conform/conglomerate-aliases.csv).")
    Path conglomerateAliases;

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
        return new RunConfig(complaints != null ? complaints : home.bundledComplaints(),
                banks != null ? banks : home.bundledBankList(), feesApi.toConfig(), home.bundledFeeResponses(), lake,
                SparkMasters.resolve(master), QuarantineLimit.parse(maxQuarantined),
                conglomerateAliases != null ? conglomerateAliases : home.bundledConglomerateAliases());
    }
}
