package org.bankdata.bcb.replay;

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

    /** A page URL whose first request the plan of {@code faults} answers with {@code kind} (a twin plan, same seed). */
    private static String urlFailingFirstWith(ReplayFaults faults, ReplayFaults.Kind kind) {
        ReplayFaults.Plan twin = faults.plan();
        for (int skip = 0; skip < 10_000; skip++) {
            String url = FeesReplayServer.BASE_PATH + FUNCTION_PATH + "?@PessoaFisicaOuJuridica='J'&@CNPJ='" + CNPJ
                    + "'&$top=5&$skip=" + skip;
            if (twin.next(url) == kind) {
                return url;
            }
        }
        throw new AssertionError("no URL fails with " + kind);
    }

    /** Sends a raw GET and returns the socket, reading nothing yet. */
    private static java.net.Socket rawGet(FeesReplayServer replay, String pathAndQuery) throws IOException {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", replay.baseUrl().getPort());
        socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** What arrives until {@code quiet} passes with nothing new, one char per byte, ending {@code <EOF>} if the server closed. */
    private static String readUntilQuiet(java.net.Socket socket, Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
            return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1) + "<EOF>";
        } catch (java.net.SocketTimeoutException e) {
            return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aStalledBodySendsHeadersAndHalfThePageThenNothingUntilTheReplayStops() throws Exception {
        ReplayFaults faults = new ReplayFaults(1.0, 5L, 1, 1, Duration.ZERO, Duration.ofSeconds(60));
        String url = urlFailingFirstWith(faults, ReplayFaults.Kind.STALLED_BODY);
        FeesReplayServer replay = FeesReplayServer.start(BundledData.feeResponses(), "127.0.0.1", 0, Duration.ZERO, faults);
        String whole; // one char per byte, like readUntilQuiet
        try (FeesReplayServer clean = FeesReplayServer.start(BundledData.feeResponses())) {
            whole = new String(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clean.baseUrl().getPort() + url))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()).body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        try (java.net.Socket socket = rawGet(replay, url)) {
            String got = readUntilQuiet(socket, Duration.ofMillis(800));

            assertThat(got).startsWith("HTTP/1.1 200").contains("Content-length: " + whole.length())
                    .endsWith("\r\n\r\n" + whole.substring(0, whole.length() / 2));
            assertThat(replay.heldConnections()).isEqualTo(1);
            long t0 = System.nanoTime();
            replay.close();
            // the held connection is dropped when the replay stops
            assertThat(readUntilQuiet(socket, Duration.ofSeconds(5))).isEqualTo("<EOF>");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3);
            assertThat(replay.heldConnections()).isZero();
        } finally {
            replay.close();
        }
    }

    @Test
    void aRequestWithNoAnswerGetsNothingUntilTheStallTimeThenTheConnectionIsDropped() throws Exception {
        ReplayFaults faults = new ReplayFaults(1.0, 5L, 1, 1, Duration.ZERO, Duration.ofMillis(1500));
        String url = urlFailingFirstWith(faults, ReplayFaults.Kind.NO_ANSWER);
        try (FeesReplayServer replay = FeesReplayServer.start(BundledData.feeResponses(), "127.0.0.1", 0, Duration.ZERO, faults);
                java.net.Socket socket = rawGet(replay, url)) {
            long t0 = System.nanoTime();

            assertThat(readUntilQuiet(socket, Duration.ofMillis(800))).isEmpty();
            assertThat(replay.heldConnections()).isEqualTo(1);
            // after the stall time (1.5 s) the replay drops the connection without a byte
            assertThat(readUntilQuiet(socket, Duration.ofSeconds(5))).isEqualTo("<EOF>");
            assertThat((System.nanoTime() - t0) / 1e9).isBetween(1.4, 4.0);
            assertThat(replay.heldConnections()).isZero();
            assertThat(replay.faultsByKind()).containsExactly(java.util.Map.entry(ReplayFaults.Kind.NO_ANSWER, 1L));
        }
    }
}
