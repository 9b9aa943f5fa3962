package org.bankdata.pipeline;

import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.bcb.banks.ConglomerateAliases;
import org.bankdata.bcb.fees.FeeAnswerStore;
import org.bankdata.bcb.fees.FeesExtractor;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.bcb.complaints.RankingFileEnd;
import org.bankdata.bcb.complaints.RankingFileHeader;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.LakeStorage;
import org.bankdata.lake.LocalLakeStorage;
import org.bankdata.bcb.complaints.RankingFiles;

/**
 * Checks, in well under a second and before any Spark work, what would otherwise fail a run minutes
 * later: that the input folders and files exist ({@link #requireInputs}), every ranking file's header and last bytes (a file cut short by a stopped download), the bank list's
 * header, and (with --api-url) that the fees service answers, unless the lake holds recorded answers of that service and --refresh is missing (such a run may need
 * no request at all). Inputs on S3 are checked the same way, with the same messages naming their s3a:// URI, reading
 * only what a local check reads (a ranking file's first and last bytes are two ranged reads). The tasks check the
 * same things again, so a task run on its own is just as safe.
 */
public final class Preflight {
    private Preflight() {
    }

    /** {@link #requireInputs(RunConfig, InputStorage)} for a run whose inputs are local. */
    public static RunConfig requireInputs(RunConfig config) {
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            return requireInputs(config, inputs);
        }
    }

    /**
     * That the inputs {@code config} names are there, local or on S3: the complaints folder, the bank list and (for the
     * embedded replay) the recorded fee responses. A usage error (exit 2) naming the option and the path or URI
     * otherwise. Every command that builds a run's config, from its options or from a recorded run, calls this first.
     */
    public static RunConfig requireInputs(RunConfig config, InputStorage inputs) {
        if (!inputs.isFolder(config.complaintsDir())) {
            throw new UsageException("--complaints " + config.complaintsDir() + " is not a folder; point it at the folder"
                    + " holding the BCB ranking *.csv files (the bundled ones are in data/bcb/complaints)");
        }
        if (!inputs.isFile(config.bankList())) {
            throw new UsageException("--banks " + config.bankList() + " is not a file; point it at the BCB bank list TSV"
                    + " (the bundled one is data/bcb/banks/EnquadramentoInicia_v2.tsv)");
        }
        if (config.conglomerateAliases() != null && !inputs.isFile(config.conglomerateAliases())) {
            throw new UsageException("--conglomerate-aliases " + config.conglomerateAliases() + " is not a file; point it at"
                    + " the conglomerate alias CSV (the bundled one is data/bcb/conform/conglomerate-aliases.csv)");
        }
        if (config.usesReplay() && !inputs.isFolder(config.replayResponses())) {
            throw new UsageException("no --api-url given and the recorded fee responses are missing at "
                    + config.replayResponses() + "; pass --api-url, point --api-responses at a folder of recorded"
                    + " answers, or restore data/bcb/fees-api/responses");
        }
        return config;
    }

    /** {@link #requireInputs}, then the contents of the inputs and the fees service (see the class comment). */
    public static void check(RunConfig config) {
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            check(config, new LocalLakeStorage(config.lake().localPath()), inputs);
        }
    }

    /** As {@link #check(RunConfig)}, the recorded fee answers read from {@code lake} (a local folder or S3). */
    public static void check(RunConfig config, LakeStorage lake) {
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            check(config, lake, inputs);
        }
    }

    /** As {@link #check(RunConfig, LakeStorage)}, the inputs read through {@code inputs} (local or on S3). */
    public static void check(RunConfig config, LakeStorage lake, InputStorage inputs) {
        requireInputs(config, inputs);
        for (LakeLocation file : RankingFiles.in(inputs, config.complaintsDir())) {
            RankingFileHeader.inspect(inputs, file);
            RankingFileEnd.requireComplete(inputs, file);
        }
        BankListParser.checkHeader(inputs, config.bankList());
        if (config.conglomerateAliases() != null) {
            ConglomerateAliases.read(inputs, config.conglomerateAliases());
        }
        FeesApiConfig api = config.feesApi();
        // with recorded answers a run may need no request at all; then it makes none, not even this one
        boolean answersRecorded = !new FeeAnswerStore(lake, FeeAnswerStore.sourceKey(api.apiUrl())).isEmpty();
        if (!api.usesReplay() && (api.refresh().mode() != RefreshPolicy.Mode.MISSING || !answersRecorded)) {
            new FeesExtractor(new OlindaFeesApi(api.apiUrl()), api.pageSize(), 1, api.http()).probe();
        }
    }
}
