package org.bankdata.pipeline.tasks;

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
import org.bankdata.bcb.ComplaintsRankingParser;
import org.bankdata.bcb.RankingFileHeader;
import org.bankdata.errors.UsageException;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.source.ParsedRows;

/**
 * extract_complaints: every {@code *.csv} of the complaints folder must be a BCB ranking file; each is
 * landed byte for byte and the landed copies are parsed into curated_complaints. (One quarter in two
 * files is refused by the check step, since loading both would count its complaints twice.)
 */
public final class ExtractComplaintsTask implements PipelineTask {
    @Override
    public long run(RunContext context) {
        Path dir = context.config().complaintsDir();
        List<Path> files = rankingFiles(dir);
        Map<String, Charset> charsets = new LinkedHashMap<>();
        for (Path file : files) {
            Charset charset = RankingFileHeader.inspect(file);
            byte[] bytes = InputFiles.readAll(file);
            context.landing().land(ComplaintsRankingParser.SOURCE, file.toString(), file.getFileName().toString(),
                    bytes, TextCounts.dataLines(bytes), Instant.now());
            charsets.put(file.getFileName().toString(), charset);
        }
        Path landed = context.layout().rawDir(ComplaintsRankingParser.SOURCE, context.runId());
        try (ParsedRows parsed = new ComplaintsRankingParser().parse(context.spark(), landed, charsets)) {
            long rows = context.tables().write("curated_complaints", parsed.valid());
            context.recordQuarantined(ComplaintsRankingParser.SOURCE,
                    context.tables().writePart("quarantine", "source", ComplaintsRankingParser.SOURCE, parsed.quarantined()));
            return rows;
        }
    }

    /** The {@code *.csv} files of {@code dir}, sorted; none is a usage error. */
    public static List<Path> rankingFiles(Path dir) {
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
}
