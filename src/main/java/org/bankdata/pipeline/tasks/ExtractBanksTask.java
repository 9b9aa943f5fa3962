package org.bankdata.pipeline.tasks;

import java.nio.file.Path;
import java.time.Instant;
import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.lake.LakeLayout;
import org.bankdata.source.ParsedRows;
import org.bankdata.source.InputFiles;

/**
 * extract_banks: lands the bank list byte for byte and parses the landed copy into curated_bank_list.
 */
public final class ExtractBanksTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        Path input = context.config().bankList();
        BankListParser.checkHeader(input);
        byte[] bytes = InputFiles.readAll(input);
        context.landing().land(BankListParser.SOURCE, input.toString(), input.getFileName().toString(), bytes,
                TextCounts.dataLines(bytes), Instant.now());
        try (ParsedRows parsed = new BankListParser().parse(context.spark(),
                context.layout().location(LakeLayout.rawDirKey(BankListParser.SOURCE, context.runId())).uri())) {
            long rows = context.tables().write(CuratedTables.CURATED_BANK_LIST, parsed.valid());
            context.recordQuarantined(BankListParser.SOURCE,
                    context.tables().writePart(CuratedTables.QUARANTINE, "source", BankListParser.SOURCE, parsed.quarantined()));
            return TaskResult.rows(rows);
        }
    }
}
