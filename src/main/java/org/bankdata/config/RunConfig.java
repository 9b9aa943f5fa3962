package org.bankdata.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * Everything one pipeline run needs, validated once when built from the command line.
 *
 * @param complaintsDir folder whose {@code *.csv} files are BCB complaints-ranking files
 * @param bankList      the BCB bank list (TSV: Segmento, CNPJ, Nome)
 * @param apiUrl        base of the Olinda fees service (ending in /odata), or null to use the bundled replay
 * @param replayResponses recorded fee responses served by the replay when {@code apiUrl} is null
 * @param apiPageSize   {@code $top} of each fees request
 * @param lake          root folder of the lake
 * @param sparkMaster   Spark master URL, e.g. {@code local[*]} or {@code spark://host:7077}
 */
public record RunConfig(
        Path complaintsDir,
        Path bankList,
        URI apiUrl,
        Path replayResponses,
        int apiPageSize,
        Path lake,
        String sparkMaster) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final String DEFAULT_MASTER = "local[*]";

    public RunConfig {
        Objects.requireNonNull(complaintsDir, "complaintsDir");
        Objects.requireNonNull(bankList, "bankList");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(sparkMaster, "sparkMaster");
        if (!Files.isDirectory(complaintsDir)) {
            throw new UsageException("--complaints " + complaintsDir + " is not a folder; point it at the folder"
                    + " holding the BCB ranking *.csv files (the bundled ones are in data/bcb/complaints)");
        }
        if (!Files.isRegularFile(bankList)) {
            throw new UsageException("--banks " + bankList + " is not a file; point it at the BCB bank list TSV"
                    + " (the bundled one is data/bcb/banks/EnquadramentoInicia_v2.tsv)");
        }
        if (apiUrl == null) {
            Objects.requireNonNull(replayResponses, "replayResponses");
            if (!Files.isDirectory(replayResponses)) {
                throw new UsageException("no --api-url given and the recorded fee responses are missing at "
                        + replayResponses + "; pass --api-url or restore data/bcb/fees-api/responses");
            }
        } else {
            String scheme = apiUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new UsageException("--api-url " + apiUrl + " must be an http(s) URL ending in /odata, e.g. "
                        + "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata");
            }
            if (!apiUrl.getPath().replaceAll("/+$", "").endsWith("/odata")) {
                throw new UsageException("--api-url " + apiUrl + " must end in /odata (the base of the Olinda service)");
            }
        }
        if (apiPageSize < 1 || apiPageSize > 10_000) {
            throw new UsageException("--api-page-size must be between 1 and 10000, got " + apiPageSize);
        }
        if (sparkMaster.isBlank()) {
            throw new UsageException("--master must not be empty; use local[*] or spark://host:port");
        }
        complaintsDir = complaintsDir.toAbsolutePath().normalize();
        bankList = bankList.toAbsolutePath().normalize();
        replayResponses = replayResponses == null ? null : replayResponses.toAbsolutePath().normalize();
        lake = lake.toAbsolutePath().normalize();
    }

    public boolean usesReplay() {
        return apiUrl == null;
    }
}
