package org.bankdata.bcb.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.config.Quarter;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.config.HttpPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.testing.RunsBesideSpark;

/** Downloads from a loopback replay of the BCB ranking endpoint serving the bundled real ranking files. */
@Timeout(60)
@RunsBesideSpark
class ComplaintsDownloaderTest {
    /** Small waits so the retry tests stay fast. */
    private static final HttpPolicy FAST = new HttpPolicy(Duration.ofSeconds(5), 3, Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofMillis(20), Duration.ofMillis(50), 0);

    @TempDir
    Path into;

    @Test
    void theLiveUrlsArePinned() {
        ComplaintsRankingApi live = ComplaintsRankingApi.live();
        assertThat(live.fileUri(new Quarter(2022, 1))).hasToString("https://www3.bcb.gov.br/rdrweb/rest/ext/ranking/arquivo"
                + "?ano=2022&periodicidade=TRIMESTRAL&periodo=1&tipo=Bancos%20e%20financeiras");
        assertThat(live.fileUri(new Quarter(2023, 4))).hasToString("https://www3.bcb.gov.br/rdrweb/rest/ext/ranking/arquivo"
                + "?ano=2023&periodicidade=TRIMESTRAL&periodo=4&tipo=Bancos%20e%20financeiras");
        assertThat(new ComplaintsRankingApi(URI.create("http://127.0.0.1:9/x/arquivo/")).fileUri(new Quarter(2021, 2)))
                .hasToString("http://127.0.0.1:9/x/arquivo?ano=2021&periodicidade=TRIMESTRAL&periodo=2&tipo=Bancos%20e%20financeiras");
        assertThat(ComplaintsRankingApi.fileName(new Quarter(2022, 3))).isEqualTo("2022_tri_03.csv");
    }

    @Test
    void quartersSpanYears() {
        assertThat(ComplaintsDownloader.quarters(Quarter.parse("2021Q3"), Quarter.parse("2022Q2")))
                .extracting(Quarter::toString).containsExactly("2021Q3", "2021Q4", "2022Q1", "2022Q2");
        assertThat(ComplaintsDownloader.quarters(Quarter.parse("2022Q1"), Quarter.parse("2022Q1"))).hasSize(1);
    }

    @Test
    void publishedQuartersAreStoredByteForByteAndUnpublishedOnesReported() throws IOException {
        try (ComplaintsReplay bcb = new ComplaintsReplay(BundledData.complaints(), 0)) {
            List<QuarterDownload> results = new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(ComplaintsDownloader.quarters(Quarter.parse("2021Q3"), Quarter.parse("2022Q2")), into);

            assertThat(results).extracting(QuarterDownload::outcome).containsExactly(QuarterDownload.Outcome.STORED,
                    QuarterDownload.Outcome.STORED, QuarterDownload.Outcome.NOT_PUBLISHED, QuarterDownload.Outcome.NOT_PUBLISHED);
            assertThat(Files.readAllBytes(into.resolve("2021_tri_03.csv")))
                    .isEqualTo(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_03.csv")));
            assertThat(Files.readAllBytes(into.resolve("2021_tri_04.csv")))
                    .isEqualTo(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_04.csv")));
            try (var files = Files.list(into)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("2021_tri_03.csv", "2021_tri_04.csv");
            }
            assertThat(results.get(2).describe()).contains("2022Q1").contains("not published").contains("ano=2022");
            assertThat(bcb.requests()).hasSize(4);
        }
    }

    @Test
    void aSecondDownloadOfTheSameBytesLeavesTheFileAlone() throws IOException {
        try (ComplaintsReplay bcb = new ComplaintsReplay(BundledData.complaints(), 0)) {
            ComplaintsDownloader downloader = new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST);
            List<Quarter> q = List.of(Quarter.parse("2020Q1"));
            downloader.download(q, into);
            Files.setLastModifiedTime(into.resolve("2020_tri_01.csv"), java.nio.file.attribute.FileTime.fromMillis(0));

            assertThat(downloader.download(q, into)).extracting(QuarterDownload::outcome)
                    .containsExactly(QuarterDownload.Outcome.UNCHANGED);
            assertThat(Files.getLastModifiedTime(into.resolve("2020_tri_01.csv")).toMillis()).isZero();
        }
    }

    @Test
    void serverErrorsAreRetriedWithTheSamePolicyAsTheFeesApi() {
        try (ComplaintsReplay bcb = new ComplaintsReplay(BundledData.complaints(), 2)) {
            List<QuarterDownload> results = new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(List.of(Quarter.parse("2021Q1")), into);

            assertThat(results.get(0).outcome()).isEqualTo(QuarterDownload.Outcome.STORED);
            assertThat(results.get(0).attempts()).isEqualTo(3);
        }
    }

    @Test
    void aServerThatStaysDownFailsNamingTheUrl() {
        try (ComplaintsReplay bcb = new ComplaintsReplay(BundledData.complaints(), 100)) {
            assertThatThrownBy(() -> new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(List.of(Quarter.parse("2021Q1")), into))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("ano=2021&periodicidade=TRIMESTRAL&periodo=1")
                    .hasMessageContaining("HTTP 503")
                    .hasMessageContaining("--complaints-url");
            assertThat(into.resolve("2021_tri_01.csv")).doesNotExist();
        }
    }

    @Test
    void anAnswerThatIsNotARankingFileIsRefusedAndNotStored(@TempDir Path served) throws IOException {
        Files.writeString(served.resolve("2022_tri_01.csv"), "name;value\nManutenção;1\n", StandardCharsets.UTF_8);
        try (ComplaintsReplay bcb = new ComplaintsReplay(served, 0)) {
            assertThatThrownBy(() -> new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(List.of(Quarter.parse("2022Q1")), into))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("ano=2022")
                    .hasMessageContaining("not a BCB ranking file")
                    .hasMessageNotContaining("--complaints folder");
            try (var files = Files.list(into)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void anHtmlPageIsReportedAsADownloadProblemNotAsAFileToMove(@TempDir Path served) throws IOException {
        Files.writeString(served.resolve("2022_tri_01.csv"), "\n  <!DOCTYPE html>\n<html><head><title>Erro</title></head>"
                + "<body>Serviço indisponível</body></html>", StandardCharsets.UTF_8);
        try (ComplaintsReplay bcb = new ComplaintsReplay(served, 0)) {
            String url = new ComplaintsRankingApi(bcb.base()).fileUri(Quarter.parse("2022Q1")).toString();

            assertThatThrownBy(() -> new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(List.of(Quarter.parse("2022Q1")), into))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessage("the BCB answered an HTML page instead of a CSV for " + url + " (2022Q1); the download service"
                            + " may be down or the quarter not published — try again later or download it in a browser");
            try (var files = Files.list(into)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void aFailureOnALaterQuarterNamesTheQuartersAlreadyStoredAndKeepsThem(@TempDir Path served) throws IOException {
        Files.copy(BundledData.complaints().resolve("2021_tri_03.csv"), served.resolve("2021_tri_03.csv"));
        Files.copy(BundledData.complaints().resolve("2021_tri_04.csv"), served.resolve("2021_tri_04.csv"));
        Files.writeString(served.resolve("2022_tri_01.csv"), "<html><body>Manutenção</body></html>", StandardCharsets.UTF_8);
        List<QuarterDownload> told = new java.util.ArrayList<>();
        try (ComplaintsReplay bcb = new ComplaintsReplay(served, 0)) {
            assertThatThrownBy(() -> new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(ComplaintsDownloader.quarters(Quarter.parse("2021Q3"), Quarter.parse("2022Q2")), into, told::add))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("HTML page instead of a CSV")
                    .hasMessageEndingWith(". Stored 2021Q3, 2021Q4 before the failure; rerun to continue — stored quarters are kept");
            assertThat(told).extracting(d -> d.quarter().toString()).containsExactly("2021Q3", "2021Q4");
            assertThat(bcb.requests()).hasSize(3);
        }
        assertThat(Files.readAllBytes(into.resolve("2021_tri_03.csv")))
                .isEqualTo(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_03.csv")));
        assertThat(Files.readAllBytes(into.resolve("2021_tri_04.csv")))
                .isEqualTo(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_04.csv")));
    }

    @Test
    void aRankingOfAnotherQuarterIsRefused(@TempDir Path served) throws IOException {
        Files.copy(BundledData.complaints().resolve("2021_tri_04.csv"), served.resolve("2022_tri_01.csv"));
        try (ComplaintsReplay bcb = new ComplaintsReplay(served, 0)) {
            assertThatThrownBy(() -> new ComplaintsDownloader(new ComplaintsRankingApi(bcb.base()), FAST)
                    .download(List.of(Quarter.parse("2022Q1")), into))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("2022Q1")
                    .hasMessageContaining("2021Q4");
            assertThat(into.resolve("2022_tri_01.csv")).doesNotExist();
        }
    }
}
