package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunConfigTest {
    private static final URI LIVE = URI.create(
            "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata");

    @TempDir
    Path dir;

    Path complaints;
    Path banks;
    Path responses;
    Path lake;

    @BeforeEach
    void inputs() throws IOException {
        complaints = Files.createDirectories(dir.resolve("complaints"));
        banks = Files.writeString(dir.resolve("banks.tsv"), "Segmento\tCNPJ\tNome\n");
        responses = Files.createDirectories(dir.resolve("responses"));
        lake = dir.resolve("lake");
    }

    private RunConfig config(Path complaintsDir, URI apiUrl, int pageSize) {
        return new RunConfig(complaintsDir, banks, FeesApiConfig.defaults().withApiUrl(apiUrl).withPageSize(pageSize), responses,
                lake, "local[2]");
    }

    @Test
    void pinsTheDefaults() {
        assertThat(RunConfig.DEFAULT_MASTER).isEqualTo("local[*]");
    }

    @Test
    void validConfigWithoutApiUrlUsesTheReplayAndHoldsAbsolutePaths() {
        RunConfig config = config(complaints, null, 100);

        assertThat(config.usesReplay()).isTrue();
        assertThat(config.complaintsDir().localPath()).isAbsolute().isEqualTo(complaints.toAbsolutePath().normalize());
        assertThat(config.lake().localPath()).isAbsolute().isEqualTo(lake.toAbsolutePath().normalize());
    }

    @Test
    void pathsAreNotCheckedHereButByThePreflight() {
        Path missing = dir.resolve("no-such-folder");

        RunConfig config = new RunConfig(missing, missing.resolve("banks.tsv"), FeesApiConfig.defaults(), missing, lake, "local[2]");

        assertThat(config.complaintsDir().localPath()).isEqualTo(missing.toAbsolutePath().normalize());
    }

    @Test
    void liveApiUrlIsAccepted() {
        RunConfig config = config(complaints, LIVE, 100);

        assertThat(config.usesReplay()).isFalse();
        assertThat(config.apiUrl()).isEqualTo(LIVE);
    }

    @Test
    void apiUrlWithTrailingSlashAfterOdataIsAccepted() {
        assertThat(config(complaints, URI.create("http://127.0.0.1:8089/x/odata/"), 100).apiUrl())
                .hasToString("http://127.0.0.1:8089/x/odata/");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1",
            "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata/ListaTarifasPorInstituicaoFinanceira",
            "http://127.0.0.1:8089/odatax",
            "ftp://olinda.bcb.gov.br/odata"})
    void apiUrlNotEndingInOdataIsRefused(String url) {
        assertThatThrownBy(() -> config(complaints, URI.create(url), 100))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("/odata");
    }

    @Test
    void pageSizeBoundsAreOneAndTenThousand() {
        assertThat(config(complaints, null, 1).apiPageSize()).isEqualTo(1);
        assertThat(config(complaints, null, 10_000).apiPageSize()).isEqualTo(10_000);
        assertThatThrownBy(() -> config(complaints, null, 0))
                .isInstanceOf(UsageException.class).hasMessageContaining("--api-page-size").hasMessageContaining("0");
        assertThatThrownBy(() -> config(complaints, null, 10_001))
                .isInstanceOf(UsageException.class).hasMessageContaining("10001");
    }

    @Test
    void blankSparkMasterIsRefused() {
        assertThatThrownBy(() -> new RunConfig(complaints, banks, FeesApiConfig.defaults(), responses, lake, " "))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--master");
    }
}
