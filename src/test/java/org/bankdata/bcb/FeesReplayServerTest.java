package org.bankdata.bcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay over real HTTP on 127.0.0.1; expected values come from reading the recordings with Jackson here. */
class FeesReplayServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION_PATH = "/ListaTarifasPorInstituicaoFinanceira"
            + "(PessoaFisicaOuJuridica=@PessoaFisicaOuJuridica,CNPJ=@CNPJ)";
    /** A recording with more than 60 records. */
    private static final String CNPJ = "09526594";

    private static FeesReplayServer server;
    private static HttpClient http;
    private static JsonNode recording;

    @BeforeAll
    static void start() throws IOException {
        recording = JSON.readTree(BundledData.feeResponses().resolve("J_" + CNPJ + ".json").toFile()).get("value");
        assertThat(recording.size()).isGreaterThanOrEqualTo(63);
        server = FeesReplayServer.start(BundledData.feeResponses());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Builds the query by hand (not with OlindaFeesApi) so unpadded CNPJs and odd parameters can be sent. */
    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        URI base = server.baseUrl();
        URI uri = URI.create(base + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> page(String cnpj, String extra) throws IOException, InterruptedException {
        return get(FUNCTION_PATH + "?@PessoaFisicaOuJuridica='J'&@CNPJ='" + cnpj + "'&$format=json" + extra);
    }

    private static List<JsonNode> values(HttpResponse<String> response) throws IOException {
        JsonNode value = JSON.readTree(response.body()).get("value");
        assertThat(value).isNotNull();
        assertThat(value.isArray()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        value.forEach(out::add);
        return out;
    }

    private static List<JsonNode> slice(int from, int to) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = from; i < Math.min(to, recording.size()); i++) {
            out.add(recording.get(i));
        }
        return out;
    }

    @Test
    void baseUrlIsOnLoopbackWithTheOlindaPath() {
        assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.baseUrl().getPort()).isPositive();
        assertThat(server.baseUrl().getPath())
                .isEqualTo("/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata");
    }

    @Test
    void servesEveryRecording() throws IOException {
        long files;
        try (Stream<Path> list = Files.list(BundledData.feeResponses())) {
            files = list.filter(p -> p.getFileName().toString().matches("[JF]_[0-9]{1,8}\\.json")).count();
        }
        assertThat(server.institutions()).isEqualTo(files).isEqualTo(88);
    }

    @Test
    void withoutTopOrSkipServesTheWholeRecording() throws Exception {
        HttpResponse<String> response = page(CNPJ, "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(values(response)).containsExactlyElementsOf(slice(0, recording.size()));
    }

    @Test
    void topAndSkipSliceTheRecording() throws Exception {
        assertThat(values(page(CNPJ, "&$top=10&$skip=0"))).containsExactlyElementsOf(slice(0, 10));
        assertThat(values(page(CNPJ, "&$top=10&$skip=20"))).containsExactlyElementsOf(slice(20, 30));
        assertThat(values(page(CNPJ, "&$skip=50&$top=7"))).containsExactlyElementsOf(slice(50, 57));
    }

    @Test
    void lastPageIsShortAndPastTheEndIsEmpty() throws Exception {
        int n = recording.size();
        int lastStart = (n / 10) * 10; // 60 for 63 records

        List<JsonNode> last = values(page(CNPJ, "&$top=10&$skip=" + lastStart));
        assertThat(last).hasSize(n - lastStart).containsExactlyElementsOf(slice(lastStart, n));
        assertThat(values(page(CNPJ, "&$top=10&$skip=" + (n + 5)))).isEmpty();
    }

    @Test
    void paddedAndUnpaddedCnpjGiveTheSameBody() throws Exception {
        HttpResponse<String> padded = page("09526594", "&$top=5&$skip=3");
        HttpResponse<String> unpadded = page("9526594", "&$top=5&$skip=3");

        assertThat(unpadded.statusCode()).isEqualTo(200);
        assertThat(unpadded.body()).isEqualTo(padded.body());
        assertThat(values(unpadded)).containsExactlyElementsOf(slice(3, 8));
    }

    @Test
    void unknownCnpjGetsAnEmptyValueArray() throws Exception {
        assertThat(BundledData.feeResponses().resolve("J_00000001.json")).doesNotExist();

        HttpResponse<String> response = page("00000001", "&$top=100&$skip=0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(values(response)).isEmpty();
        assertThat(JSON.readTree(response.body()).get("@odata.context").asText()).contains("$metadata");
    }

    @Test
    void selectProjectsTheNamedFields() throws Exception {
        List<JsonNode> projected = values(page(CNPJ, "&$top=4&$skip=0&$select=CodigoServico,ValorMaximo"));

        assertThat(projected).hasSize(4);
        for (int i = 0; i < 4; i++) {
            JsonNode record = projected.get(i);
            List<String> fields = new ArrayList<>();
            for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
                fields.add(it.next());
            }
            assertThat(fields).containsExactly("CodigoServico", "ValorMaximo");
            assertThat(record.get("CodigoServico")).isEqualTo(recording.get(i).get("CodigoServico"));
            assertThat(record.get("ValorMaximo")).isEqualTo(recording.get(i).get("ValorMaximo"));
        }
        // The recording itself has more fields than were selected.
        assertThat(recording.get(0).size()).isGreaterThan(2);
    }

    @Test
    void badCnpjIsA400WithAJsonError() throws Exception {
        for (String bad : List.of("ABCDEFGH", "123456789")) {
            HttpResponse<String> response = page(bad, "&$top=10");

            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("@CNPJ");
        }
        HttpResponse<String> unquoted = get(FUNCTION_PATH + "?@PessoaFisicaOuJuridica='J'&@CNPJ=09526594");
        assertThat(unquoted.statusCode()).isEqualTo(400);
    }

    @Test
    void badPersonTypeIsA400() throws Exception {
        HttpResponse<String> response = get(FUNCTION_PATH + "?@PessoaFisicaOuJuridica='X'&@CNPJ='" + CNPJ + "'");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("@PessoaFisicaOuJuridica");
    }

    @Test
    void negativeOrNonNumericTopIsA400() throws Exception {
        assertThat(page(CNPJ, "&$top=-1").statusCode()).isEqualTo(400);
        assertThat(page(CNPJ, "&$skip=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void wrongPathIsA404() throws Exception {
        HttpResponse<String> response = get("/ListaTarifas?@PessoaFisicaOuJuridica='J'&@CNPJ='" + CNPJ + "'");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("no such resource");
    }

    @Test
    void onlyGetIsServed() throws Exception {
        URI uri = URI.create(server.baseUrl() + FUNCTION_PATH + "?@PessoaFisicaOuJuridica='J'&@CNPJ='" + CNPJ + "'");
        HttpRequest post = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void countsEveryRequest() throws Exception {
        try (FeesReplayServer own = FeesReplayServer.start(BundledData.feeResponses())) {
            assertThat(own.requestCount()).isZero();
            for (int i = 1; i <= 3; i++) {
                URI uri = URI.create(own.baseUrl() + FUNCTION_PATH + "?@PessoaFisicaOuJuridica='J'&@CNPJ='" + CNPJ
                        + "'&$top=1&$skip=" + i);
                assertThat(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()).isEqualTo(200);
                assertThat(own.requestCount()).isEqualTo(i);
            }
            URI notFound = URI.create(own.baseUrl() + "/nothing");
            http.send(HttpRequest.newBuilder(notFound).GET().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(own.requestCount()).isEqualTo(4);
        }
    }

    @Test
    void missingResponsesFolderIsBadInputNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here");

        assertThatThrownBy(() -> FeesReplayServer.start(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void recordingWithoutValueArrayIsBadInputNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("J_12345678.json"), "{\"rows\":[]}");

        assertThatThrownBy(() -> FeesReplayServer.start(dir))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString());
    }
}
