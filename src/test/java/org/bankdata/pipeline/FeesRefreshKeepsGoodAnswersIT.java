package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bankdata.cli.InProcessCli.bankdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.cli.InProcessCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --refresh always} while the fees service answers one institution with an HTML page: the institution
 * keeps the fees of its last good answer (still in raw/), with a warning, instead of losing them. Through the CLI, a
 * service on 127.0.0.1 in front of the replay, Spark and DuckDB.
 */
@Timeout(600)
class FeesRefreshKeepsGoodAnswersIT {
    private static final String BAD = "00122327";

    @TempDir
    Path work;

    private static long rowsOf(Path lake, String cnpj8) {
        Result count = bankdata("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT count(*) AS n FROM curated_service_fees WHERE cnpj8 = '" + cnpj8 + "'");
        return Long.parseLong(count.out().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void aRefreshThatGetsABadAnswerKeepsTheLastGoodOne() throws IOException {
        TestSpark.session();
        int recorded = new ObjectMapper().readTree(BundledData.feeResponses().resolve("J_" + BAD + ".json").toFile())
                .get("value").size();
        assertThat(recorded).isEqualTo(25);
        AtomicBoolean html = new AtomicBoolean();
        AtomicInteger htmlSent = new AtomicInteger();
        HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (FeesReplayServer replay = FeesReplayServer.start(BundledData.feeResponses())) {
            front.createContext("/", exchange -> {
                try (exchange) {
                    String asked = exchange.getRequestURI().toString();
                    byte[] body;
                    if (html.get() && asked.contains("@CNPJ='" + BAD + "'")) {
                        htmlSent.incrementAndGet();
                        body = "<html><body>maintenance</body></html>".getBytes(StandardCharsets.UTF_8);
                    } else {
                        URI upstream = URI.create("http://127.0.0.1:" + replay.baseUrl().getPort() + asked);
                        body = forward.send(HttpRequest.newBuilder(upstream).build(), HttpResponse.BodyHandlers.ofByteArray())
                                .body();
                    }
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            front.start();
            String api = "http://127.0.0.1:" + front.getAddress().getPort() + FeesReplayServer.BASE_PATH;
            Path lake = work.resolve("lake");

            Result good = bankdata("run", "--complaints", BundledData.complaints().toString(), "--banks",
                    BundledData.bankList().toString(), "--lake", lake.toString(), "--api-url", api, "--api-rate", "0", "--quiet");
            assertThat(good.exit()).as(good.err()).isZero();
            assertThat(rowsOf(lake, BAD)).isEqualTo(recorded);
            long allBefore = rowsOf(lake, BAD) + Long.parseLong(bankdata("query", "--lake", lake.toString(), "--format", "csv",
                    "SELECT count(*) FROM curated_service_fees WHERE cnpj8 <> '" + BAD + "'").out().lines().skip(1)
                    .findFirst().orElseThrow());

            html.set(true);
            Result refresh = bankdata("run", "--complaints", BundledData.complaints().toString(), "--banks",
                    BundledData.bankList().toString(), "--lake", lake.toString(), "--api-url", api, "--api-rate", "0", "--refresh",
                    "always", "--quiet");

            assertThat(htmlSent.get()).as("the bad answer was asked for, and retried").isGreaterThan(1);
            assertThat(refresh.exit()).as(refresh.err()).isEqualTo(3);
            assertThat(refresh.err().lines()).as(refresh.err()).hasSize(1).first().asString()
                    .startsWith("warning: 1 fees answer(s) came back unusable, so the last good answer of those institutions"
                            + " was kept (nothing dropped; the next run asks again), e.g. J " + BAD + ": kept the answer fetched ")
                    .contains("is not JSON");
            assertThat(rowsOf(lake, BAD)).isEqualTo(recorded);
            assertThat(Long.parseLong(bankdata("query", "--lake", lake.toString(), "--format", "csv",
                    "SELECT count(*) FROM curated_service_fees").out().lines().skip(1).findFirst().orElseThrow()))
                    .isEqualTo(allBefore);
        } finally {
            front.stop(0);
        }
    }
}
