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
import org.bankdata.errors.UsageException;
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
    void theConglomerateAliasFileIsCheckedBeforeAnyWork() throws IOException {
        Path complaints = copyOfBundledComplaints();
        Path missing = tmp.resolve("nowhere.csv");
        assertThatThrownBy(() -> Preflight.requireInputs(config(complaints).withConglomerateAliases(missing)))
                .isInstanceOf(org.bankdata.errors.UsageException.class)
                .hasMessageStartingWith("--conglomerate-aliases " + missing + " is not a file");
        Path bad = Files.writeString(tmp.resolve("aliases.csv"), "conglomerate,bank_list_name,fee_cnpj8,source\n"
                + "BB,BANCO DO BRASIL,,ok\nITAU,,6070119O,typo\n");
        assertThatThrownBy(() -> Preflight.check(config(complaints).withConglomerateAliases(bad)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(bad + ":3: fee_cnpj8 '6070119O' is not a CNPJ root of up to 8 digits");
        assertThatCode(() -> Preflight.check(config(complaints).withConglomerateAliases(
                BundledData.HOME.bundledConglomerateAliases()))).doesNotThrowAnyException();
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

    private RunConfig inputs(Path complaints, Path banks, Path responses) {
        return new RunConfig(complaints, banks, FeesApiConfig.defaults(), responses, tmp.resolve("lake"), "local[2]");
    }

    @Test
    void theBundledInputsAreThere() {
        RunConfig config = inputs(BundledData.complaints(), BundledData.bankList(), BundledData.feeResponses());
        assertThat(Preflight.requireInputs(config)).isSameAs(config);
    }

    @Test
    void aMissingComplaintsFolderIsAUsageErrorNamingThePath() {
        Path missing = tmp.resolve("no-such-folder");

        assertThatThrownBy(() -> Preflight.requireInputs(inputs(missing, BundledData.bankList(), BundledData.feeResponses())))
                .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("--complaints " + missing + " is not a folder; point it at the folder holding the BCB ranking"
                        + " *.csv files (the bundled ones are in data/bcb/complaints)");
    }

    @Test
    void aComplaintsPathThatIsAFileIsRefused() {
        assertThatThrownBy(() -> Preflight.requireInputs(inputs(BundledData.bankList(), BundledData.bankList(),
                BundledData.feeResponses())))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(BundledData.bankList().toAbsolutePath().normalize().toString())
                .hasMessageContaining("--complaints");
    }

    @Test
    void aMissingBankListIsRefusedNamingThePath() {
        Path missing = tmp.resolve("nope.tsv");

        assertThatThrownBy(() -> Preflight.requireInputs(inputs(BundledData.complaints(), missing, BundledData.feeResponses())))
                .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("--banks " + missing + " is not a file; point it at the BCB bank list TSV"
                        + " (the bundled one is data/bcb/banks/EnquadramentoInicia_v2.tsv)");
    }

    @Test
    void missingRecordedResponsesWithoutApiUrlAreRefused() {
        Path missing = tmp.resolve("no-responses");

        assertThatThrownBy(() -> Preflight.requireInputs(inputs(BundledData.complaints(), BundledData.bankList(), missing)))
                .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("no --api-url given and the recorded fee responses are missing at " + missing
                        + "; pass --api-url, point --api-responses at a folder of recorded answers, or restore"
                        + " data/bcb/fees-api/responses");
    }

    @Test
    void withAnApiUrlTheRecordedResponsesAreNotNeeded() {
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(),
                FeesApiConfig.defaults().withApiUrl(java.net.URI.create("http://127.0.0.1:9/odata")), null, tmp.resolve("lake"),
                "local[2]");
        assertThatCode(() -> Preflight.requireInputs(config)).doesNotThrowAnyException();
    }

    @Test
    void theFullPreflightChecksTheInputsFirst() {
        Path missing = tmp.resolve("no-such-folder");

        assertThatThrownBy(() -> Preflight.check(inputs(missing, BundledData.bankList(), BundledData.feeResponses())))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--complaints " + missing + " is not a folder");
    }
}
