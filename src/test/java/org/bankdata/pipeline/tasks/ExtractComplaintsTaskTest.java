package org.bankdata.pipeline.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.BadInputException;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.RunIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * extract_complaints on real ranking files changed the way the issue found them: a file with only its header,
 * and a file of a quarter that has not happened yet. On the shared SparkSession of the test JVM.
 */
class ExtractComplaintsTaskTest {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    /** 30 November 2025: the current quarter is 2025Q4. */
    private static final Clock NOV_2025 = Clock.fixed(Instant.parse("2025-11-30T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private RunContext context(Path complaints, Clock clock) {
        RunConfig config = new RunConfig(complaints, BundledData.bankList(), FeesApiConfig.defaults(), BundledData.feeResponses(),
                tmp.resolve("lake"), "local[2]");
        return new RunContext(config, QuarterRange.ALL, TestSpark.session(), RunIds.next()).withClock(clock).forTask();
    }

    private Path folderWith(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("complaints"));
        Files.copy(BundledData.complaints().resolve(name), dir.resolve(name));
        return dir;
    }

    @Test
    void aRankingFileWithOnlyItsHeaderSaysItAddsNothing() throws IOException {
        Path dir = folderWith("2020_tri_04.csv");
        byte[] full = Files.readAllBytes(BundledData.complaints().resolve("2021_tri_01.csv"));
        int headerEnd = 0;
        while (full[headerEnd] != '\n') {
            headerEnd++;
        }
        Path empty = Files.write(dir.resolve("2021_tri_01.csv"), java.util.Arrays.copyOf(full, headerEnd + 1));
        RunContext context = context(dir, NOV_2025);

        long rows = new ExtractComplaintsTask().run(context).rowsWritten();

        // 2020_tri_04.csv alone: its data lines counted by hand
        long expected = new String(Files.readAllBytes(dir.resolve("2020_tri_04.csv")), CP1252).lines().skip(1)
                .filter(l -> !l.isBlank()).count();
        assertThat(expected).isEqualTo(101);
        assertThat(rows).isEqualTo(expected);
        assertThat(context.ownOutputs().warnings()).containsExactly(
                empty.toAbsolutePath() + " contains no rows (only its header); it adds nothing to the run");
    }

    @Test
    void aRowOfAQuarterAfterTheCurrentOneStopsTheRunNamingFileAndLine() throws IOException {
        Path dir = folderWith("2020_tri_04.csv");
        // 2021_tri_01.csv with its year moved ten years ahead: 2031Q1
        String text = new String(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_01.csv")), CP1252);
        String future = text.replaceAll("(?m)^2021;", "2031;");
        assertThat(future).isNotEqualTo(text);
        Files.write(dir.resolve("2031_tri_01.csv"), future.getBytes(CP1252));

        assertThatThrownBy(() -> new ExtractComplaintsTask().run(context(dir, NOV_2025)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("2031_tri_01.csv:2: quarter 2031Q1 (Ano 2031, Trimestre 1º) is after the current"
                        + " quarter 2025Q4");

        // in 2031 the same file is fine
        Clock feb2031 = Clock.fixed(Instant.parse("2031-02-01T00:00:00Z"), ZoneOffset.UTC);
        long rows = new ExtractComplaintsTask().run(context(dir, feb2031)).rowsWritten();
        assertThat(rows).isEqualTo(101 + 105);
    }
}
