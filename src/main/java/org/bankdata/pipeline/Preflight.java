package org.bankdata.pipeline;

import java.nio.file.Path;
import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.bcb.fees.FeeAnswerStore;
import org.bankdata.bcb.fees.FeesExtractor;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.bcb.complaints.RankingFileEnd;
import org.bankdata.bcb.complaints.RankingFileHeader;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.config.RunConfig;
import org.bankdata.lake.LakeLayout;
import org.bankdata.bcb.complaints.RankingFiles;

/**
 * Checks, in well under a second and before any Spark work, what would otherwise fail a run minutes
 * later: every ranking file's header and last bytes (a file cut short by a stopped download), the bank list's
 * header, and (with --api-url) that the fees service answers, unless the lake holds recorded answers of that service and --refresh is missing (such a run may need
 * no request at all). The tasks check the same things again, so a task run on its own is just as safe.
 */
public final class Preflight {
    private Preflight() {
    }

    public static void check(RunConfig config) {
        for (Path file : RankingFiles.in(config.complaintsDir())) {
            RankingFileHeader.inspect(file);
            RankingFileEnd.requireComplete(file);
        }
        BankListParser.checkHeader(config.bankList());
        FeesApiConfig api = config.feesApi();
        // with recorded answers a run may need no request at all; then it makes none, not even this one
        boolean answersRecorded = !new FeeAnswerStore(new LakeLayout(config.lake()), FeeAnswerStore.sourceKey(api.apiUrl())).isEmpty();
        if (!api.usesReplay() && (api.refresh().mode() != RefreshPolicy.Mode.MISSING || !answersRecorded)) {
            new FeesExtractor(new OlindaFeesApi(api.apiUrl()), api.pageSize(), 1, api.http()).probe();
        }
    }
}
