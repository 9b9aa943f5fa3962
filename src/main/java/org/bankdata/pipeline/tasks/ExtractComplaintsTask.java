package org.bankdata.pipeline.tasks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.size;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.bankdata.bcb.ComplaintsRankingParser;
import org.bankdata.bcb.RankingFileHeader;
import org.bankdata.config.Quarter;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.RawFile;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.source.ParsedRows;

/**
 * extract_complaints: every {@code *.csv} of the complaints folder must be a BCB ranking file; each is
 * landed byte for byte and the landed copies are parsed into curated_complaints. One quarter in two
 * files is refused, since loading both would count its complaints twice.
 */
public final class ExtractComplaintsTask implements PipelineTask {
    @Override
    public long run(RunContext context) {
        Path dir = context.config().complaintsDir();
        List<Path> files = rankingFiles(dir);
        Map<Path, Charset> landed = new LinkedHashMap<>();
        for (Path file : files) {
            Charset charset = RankingFileHeader.inspect(file);
            byte[] bytes = ExtractBanksTask.readAll(file);
            RawFile raw = context.landing().land(ComplaintsRankingParser.SOURCE, file.toString(), file.getFileName().toString(),
                    bytes, TextCounts.dataLines(bytes), Instant.now());
            landed.put(context.landing().absolute(raw), charset);
        }
        ParsedRows parsed = new ComplaintsRankingParser().parse(context.spark(), landed);
        long rows = context.tables().write("curated_complaints", parsed.valid());
        context.recordQuarantined(ComplaintsRankingParser.SOURCE,
                context.tables().writePart("quarantine", "source", ComplaintsRankingParser.SOURCE, parsed.quarantined()));
        refuseQuarterInSeveralFiles(context, dir);
        return rows;
    }

    static List<Path> rankingFiles(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UsageException("cannot list --complaints " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new UsageException("--complaints " + dir + " holds no *.csv file; point it at the folder of BCB"
                    + " ranking files (the bundled ones are in data/bcb/complaints)");
        }
        return files;
    }

    private static void refuseQuarterInSeveralFiles(RunContext context, Path dir) {
        List<Row> clashes = context.tables().read("curated_complaints")
                .groupBy("period_key").agg(collect_set("source_file").as("files"))
                .where(size(col("files")).gt(1)).orderBy("period_key").collectAsList();
        if (!clashes.isEmpty()) {
            Row first = clashes.get(0);
            throw new BadInputException("quarter " + Quarter.ofPeriodKey(first.getInt(0)) + " appears in several files of "
                    + dir + ": " + String.join(", ", first.<String>getList(1).stream().sorted().toList())
                    + "; keep one file per quarter");
        }
    }
}
