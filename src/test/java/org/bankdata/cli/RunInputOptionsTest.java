package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bankdata.BundledData;
import org.bankdata.config.QuarantineLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The input options of `run` and `job`, as a user types them; no test here starts Spark. */
class RunInputOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void maxQuarantinedDefaultsToFiveRowsOrOnePercentForRunAndJob() {
        CommandLine cli = Main.commandLine();
        CommandLine.ParseResult run = cli.parseArgs("run");
        RunCommand command = run.subcommand().commandSpec().commandLine().getCommand();
        assertThat(QuarantineLimit.parse(command.inputs.maxQuarantined)).isEqualTo(QuarantineLimit.DEFAULT);
        assertThat(QuarantineLimit.DEFAULT).hasToString("5,1%");

        CommandLine.ParseResult job = Main.commandLine().parseArgs("job", "check", "--run", "r", "--max-quarantined", "0");
        JobCommand jobCommand = job.subcommand().commandSpec().commandLine().getCommand();
        assertThat(jobCommand.inputs.maxQuarantined).isEqualTo("0");
    }

    @Test
    @Timeout(20)
    void anInputOfAnotherSchemeIsAUsageErrorNamingTheOption() {
        InProcessCli.Result result = InProcessCli.bankdata("run", "--banks", "s3://in-bucket/banks.tsv", "--lake",
                tmp.resolve("lake").toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: --banks s3://in-bucket/banks.tsv has scheme s3:, which bankdata does not"
                + " support; use a local path");
        assertThat(tmp.resolve("lake")).doesNotExist();
    }

    @Test
    @Timeout(20)
    void aBadLimitIsAUsageError() {
        InProcessCli.Result result = InProcessCli.bankdata("run", "--max-quarantined", "lots", "--lake", tmp.resolve("lake").toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: --max-quarantined 'lots' is not a limit");
        assertThat(tmp.resolve("lake")).doesNotExist();
    }

    @Test
    @Timeout(20)
    void aTruncatedRankingFileFailsTheRunInOneLineBeforeAnyWork() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("complaints"));
        for (String name : new String[] {"2020_tri_04.csv", "2021_tri_01.csv"}) {
            Files.copy(BundledData.complaints().resolve(name), dir.resolve(name));
        }
        byte[] full = Files.readAllBytes(dir.resolve("2021_tri_01.csv"));
        Files.write(dir.resolve("2021_tri_01.csv"), Arrays.copyOf(full, full.length / 2));
        // the line the cut falls in, counted by hand
        long line = 1;
        for (int i = 0; i < full.length / 2; i++) {
            if (full[i] == '\n') {
                line++;
            }
        }
        Path lake = tmp.resolve("lake");

        InProcessCli.Result result = InProcessCli.bankdata("run", "--complaints", dir.toString(), "--lake", lake.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1).first().asString()
                .startsWith("error: " + dir.toAbsolutePath().resolve("2021_tri_01.csv") + ":" + line
                        + ": the file ends in the middle of a row (")
                .contains("it looks truncated — download it again")
                .doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
        assertThat(lake).doesNotExist();
    }

    @Test
    @Timeout(20)
    void aMissingComplaintsFolderIsAUsageErrorOfRunAndJobBeforeTheLakeIsTouched() {
        Path missing = tmp.resolve("nope");
        Path lake = tmp.resolve("lake");

        for (String[] args : new String[][] {
                {"run", "--complaints", missing.toString(), "--lake", lake.toString()},
                {"job", "extract_complaints", "--run", "r1", "--complaints", missing.toString(), "--lake", lake.toString()}}) {
            InProcessCli.Result result = InProcessCli.bankdata(args);
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.err()).startsWith("error: --complaints " + missing.toAbsolutePath() + " is not a folder;");
            assertThat(lake).doesNotExist();
        }
    }
}
