package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.bankdata.BundledData;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The preflight on real ranking files, one of them cut short: refused before any Spark work, naming the file and line. */
class PreflightTest {
    @TempDir
    Path tmp;

    private Path copyOfBundledComplaints() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("complaints"));
        try (var files = Files.list(BundledData.complaints())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private RunConfig config(Path complaints) {
        return new RunConfig(complaints, BundledData.bankList(), FeesApiConfig.defaults(), BundledData.feeResponses(),
                tmp.resolve("lake"), "local[2]");
    }

    @Test
    @Timeout(10)
    void theBundledFilesPass() throws IOException {
        assertThatCode(() -> Preflight.check(config(copyOfBundledComplaints()))).doesNotThrowAnyException();
    }

    @Test
    @Timeout(10)
    void aRankingFileCutInTheMiddleOfARowIsRefusedInWellUnderASecond() throws IOException {
        Path dir = copyOfBundledComplaints();
        Path file = dir.resolve("2021_tri_01.csv");
        byte[] full = Files.readAllBytes(file);
        // the first 43 data rows and part of the 44th: what the issue saw published as a whole 2021Q1
        int lines = 0;
        int cut = 0;
        while (lines < 44) {
            if (full[cut++] == '\n') {
                lines++;
            }
        }
        Files.write(file, Arrays.copyOf(full, cut + 30));
        RunConfig config = config(dir);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Preflight.check(config)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + ":45: the file ends in the middle of a row (")
                .hasMessageContaining("it looks truncated — download it again");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }
}
