package org.bankdata.pipeline.tasks;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.bcb.complaints.ComplaintsRankingParser;
import org.bankdata.bcb.complaints.RankingFiles;
import org.bankdata.bcb.complaints.RankingFileEnd;
import org.bankdata.bcb.complaints.RankingFileHeader;
import org.bankdata.config.Quarter;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawFile;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskFigures;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.source.ParsedRows;

/**
 * extract_complaints: every {@code *.csv} of the complaints folder must be a BCB ranking file; each is
 * landed byte for byte and the landed copies are parsed into curated_complaints. (One quarter in two
 * files is refused by the check step, since loading both would count its complaints twice.) A file cut short
 * (see {@link RankingFileEnd}) or a row of a quarter after the current one stops the run; a file with a header
 * and no row is a warning. In a backfill
 * ({@code --from/--to}) only the run's quarters are taken from the files; the published rows of every
 * other quarter are kept.
 */
public final class ExtractComplaintsTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        LakeLocation dir = context.config().complaintsDir();
        Map<String, Charset> charsets = new LinkedHashMap<>();
        try (InputStorage inputs = context.inputs()) {
            for (LakeLocation file : RankingFiles.in(inputs, dir)) {
                byte[] bytes = inputs.readAll(file);
                Charset charset = RankingFileHeader.inspect(file.toString(), bytes);
                RankingFileEnd.requireComplete(file.toString(), bytes);
                long rows = TextCounts.dataLines(bytes);
                if (rows == 0) {
                    context.warn(file + " contains no rows (only its header); it adds nothing to the run");
                }
                context.landing().land(ComplaintsRankingParser.SOURCE, file.toString(), file.name(), bytes, rows, Instant.now());
                charsets.put(file.name(), charset);
            }
        }
        String landed = context.layout().location(LakeLayout.rawDirKey(ComplaintsRankingParser.SOURCE, context.runId())).uri();
        try (ParsedRows parsed = new ComplaintsRankingParser().parse(context.spark(), landed, charsets)) {
            // the valid rows first: writing them is the one pass over the files, which also finds the rejected rows
            // and the first row of each quarter; a quarter after the current one fails the task before its quarantine
            // is written (what the attempt wrote on its own branch is never read)
            QuarterRange quarters = context.quarters();
            Dataset<Row> valid = parsed.valid();
            if (quarters.isAll()) {
                long rows = context.tables().write(CuratedTables.CURATED_COMPLAINTS, valid);
                writeQuarantine(context, parsed);
                return TaskResult.rows(rows);
            }
            return writeBackfill(context, parsed, quarters);
        }
    }

    /** Stops the run on a row of a quarter after the current one, then writes the rejected rows; returns their count. */
    private static long writeQuarantine(RunContext context, ParsedRows parsed) {
        ComplaintsRankingParser.requireNoQuarterAfter(parsed, Quarter.current(context.clock()));
        long quarantined = context.tables().writePart(CuratedTables.QUARANTINE, "source", ComplaintsRankingParser.SOURCE,
                parsed.quarantined());
        context.recordQuarantined(ComplaintsRankingParser.SOURCE, quarantined);
        return quarantined;
    }

    /**
     * A backfill keeps the run's quarters from the files and every other quarter as published: rerunning a
     * quarter replaces it, other quarters stay, nothing is counted twice.
     */
    private static TaskResult writeBackfill(RunContext context, ParsedRows parsed, QuarterRange quarters) {
        Column inRange = col("period_key").between(quarters.fromKey(), quarters.toKey());
        Dataset<Row> mine = parsed.valid().filter(inRange);
        Optional<Dataset<Row>> kept = Published.table(context, CuratedTables.CURATED_COMPLAINTS).map(p -> p.filter(not(inRange)));
        long keptRows = kept.map(Dataset::count).orElse(0L);
        long rows = context.tables().write(CuratedTables.CURATED_COMPLAINTS,
                kept.map(k -> mine.unionByName(k.select(Arrays.stream(mine.columns()).map(c -> col(c)).toArray(Column[]::new))))
                        .orElse(mine));
        long quarantined = writeQuarantine(context, parsed);
        long landedRows = context.landing().ownFiles().stream().mapToLong(RawFile::rows).sum();
        context.recordCarriedOver(ComplaintsRankingParser.SOURCE, keptRows);
        context.recordOutsideRange(ComplaintsRankingParser.SOURCE, landedRows - quarantined - (rows - keptRows));
        return new TaskResult(rows, new BackfillFigures(quarters));
    }

    /** The figure of a backfill: the quarters taken from the files. */
    record BackfillFigures(QuarterRange quarters) implements TaskFigures {
        @Override
        public Map<String, Object> asFacts() {
            return Map.of("complaints_quarters", quarters.toString());
        }
    }
}
