package org.bankdata.pipeline.tasks;

import java.time.Instant;
import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.LakeLayout;
import org.bankdata.source.ParsedRows;

/**
 * extract_banks: lands the bank list byte for byte and parses the landed copy into curated_bank_list.
 */
public final class ExtractBanksTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        LakeLocation input = context.config().bankList();
        byte[] bytes;
        try (InputStorage inputs = context.inputs()) {
            BankListParser.checkHeader(inputs, input);
            bytes = inputs.readAll(input);
        }
        context.landing().land(BankListParser.SOURCE, input.toString(), input.name(), bytes, TextCounts.dataLines(bytes),
                Instant.now());
        try (ParsedRows parsed = new BankListParser().parse(context.spark(),
                context.layout().location(LakeLayout.rawDirKey(BankListParser.SOURCE, context.runId())).uri())) {
            // the valid rows first: writing them is the one pass over the list, which also finds the rejected rows
            long rows = context.tables().write(CuratedTables.CURATED_BANK_LIST, parsed.valid());
            context.recordQuarantined(BankListParser.SOURCE,
                    context.tables().writePart(CuratedTables.QUARANTINE, "source", BankListParser.SOURCE, parsed.quarantined()));
            return TaskResult.rows(rows);
        }
    }
}
