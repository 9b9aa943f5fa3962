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
 * extract_banks: lands the bank list byte for byte and parses the landed copy into curated_bank_list, then conforms
 * the ranking's conglomerates to it ({@link ConformConglomerates}: conform_conglomerates).
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
            ConformConglomerates.Figures conformed = ConformConglomerates.write(context,
                    context.tables().read(CuratedTables.CURATED_BANK_LIST));
            // rows out: every table it wrote (the bank list and the conformed conglomerates), as a resumed run counts it
            return new TaskResult(rows + conformed.rows(), conformed);
        }
    }
}
