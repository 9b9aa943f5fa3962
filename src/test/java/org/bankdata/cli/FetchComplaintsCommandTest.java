package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.BundledData;
import org.bankdata.bcb.complaints.ComplaintsReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bankdata fetch-complaints} against a loopback replay of the BCB ranking download. */
@Timeout(60)
class FetchComplaintsCommandTest {
    @TempDir
    Path into;

    @Test
    void storesPublishedQuartersAndReportsTheOthers() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (ComplaintsReplay bcb = new ComplaintsReplay(BundledData.complaints(), 0)) {
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));

            int code = cli.execute("fetch-complaints", "--from", "2021Q4", "--to", "2022Q1", "--into", into.toString(),
                    "--complaints-url", bcb.base().toString());

            assertThat(code).isEqualTo(0);
            assertThat(out.toString()).contains("2021Q4  stored").contains("2021_tri_04.csv")
                    .contains("2022Q1  not published yet");
            assertThat(err.toString()).contains("2 quarter(s): 1 stored, 0 unchanged, 1 not published yet");
            assertThat(Files.readAllBytes(into.resolve("2021_tri_04.csv")))
                    .isEqualTo(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_04.csv")));
            assertThat(into.resolve("2022_tri_01.csv")).doesNotExist();
        }
    }

    @Test
    void aFailureOnALaterQuarterSaysWhatWasStoredAndARerunContinues(@TempDir Path served) throws Exception {
        Files.copy(BundledData.complaints().resolve("2021_tri_04.csv"), served.resolve("2021_tri_04.csv"));
        Files.writeString(served.resolve("2022_tri_01.csv"), "<!DOCTYPE html><html><body>Erro</body></html>");
        try (ComplaintsReplay bcb = new ComplaintsReplay(served, 0)) {
            String[] args = {"fetch-complaints", "--from", "2021Q4", "--to", "2022Q2", "--into", into.toString(),
                "--complaints-url", bcb.base().toString(), "--retries", "0"};
            InProcessCli.Result failed = InProcessCli.bankdata(args);

            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.out()).contains("2021Q4  stored").doesNotContain("2022Q1");
            assertThat(failed.err()).startsWith("error: the BCB answered an HTML page instead of a CSV for " + bcb.base()
                            + "?ano=2022&periodicidade=TRIMESTRAL&periodo=1")
                    .contains("the download service may be down or the quarter not published — try again later or download"
                            + " it in a browser")
                    .endsWith(". Stored 2021Q4 before the failure; rerun to continue — stored quarters are kept\n")
                    .doesNotContain("--complaints folder");
            assertThat(into.resolve("2021_tri_04.csv")).exists();

            Files.delete(served.resolve("2022_tri_01.csv"));
            InProcessCli.Result rerun = InProcessCli.bankdata(args);
            assertThat(rerun.exit()).as(rerun.err()).isZero();
            assertThat(rerun.out()).contains("2021Q4  unchanged").contains("2022Q1  not published yet");
        }
    }
}
