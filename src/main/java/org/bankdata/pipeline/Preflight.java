package org.bankdata.pipeline;

import java.nio.file.Path;
import org.bankdata.bcb.BankListParser;
import org.bankdata.bcb.FeesExtractor;
import org.bankdata.bcb.OlindaFeesApi;
import org.bankdata.bcb.RankingFileHeader;
import org.bankdata.config.RunConfig;
import org.bankdata.pipeline.tasks.ExtractComplaintsTask;

/**
 * Checks, in well under a second and before any Spark work, what would otherwise fail a run minutes
 * later: every ranking file's header, the bank list's header, and (with --api-url) that the fees service
 * answers. The tasks check the same things again, so a task run on its own is just as safe.
 */
public final class Preflight {
    private Preflight() {
    }

    public static void check(RunConfig config) {
        for (Path file : ExtractComplaintsTask.rankingFiles(config.complaintsDir())) {
            RankingFileHeader.inspect(file);
        }
        BankListParser.checkHeader(config.bankList());
        if (!config.usesReplay()) {
            new FeesExtractor(new OlindaFeesApi(config.apiUrl()), config.apiPageSize(), 1).probe();
        }
    }
}
