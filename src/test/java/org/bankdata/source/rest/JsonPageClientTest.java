package org.bankdata.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.bankdata.errors.BadAnswerException;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.source.rest.ScriptedHttpServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.bankdata.config.HttpPolicy;
import org.bankdata.testing.RunsBesideSpark;

/** Retry and failure behaviour against a scripted server on 127.0.0.1; backoffs are milliseconds so tests stay fast. */
@Timeout(20)
@RunsBesideSpark
class JsonPageClientTest {
    private static final String GOOD = "{\"value\":[{\"a\":1},{\"a\":2}]}";
    private static final int RETRIES = 3;

    private static JsonPageClient client() {
        return new JsonPageClient("value", Duration.ofSeconds(5), RETRIES, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    @Test
    void goodPageIsReturnedWithItsExactBytesAndRecordCount() {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(200, GOOD)) {
            URI uri = server.uri("/odata/x?$top=2&$skip=0");

            JsonPage page = client().fetch(uri);

            assertThat(page.uri()).isEqualTo(uri);
            assertThat(page.body()).isEqualTo(GOOD.getBytes(StandardCharsets.UTF_8));
            assertThat(page.records()).isEqualTo(2);
            assertThat(page.attempts()).isEqualTo(1);
            assertThat(page.fetchedAt()).isNotNull();
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().get(0).getRawQuery()).isEqualTo("$top=2&$skip=0");
        }
    }

    @Test
    void twoServiceUnavailableThenOkSucceedsOnTheThirdAttempt() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start(
                (n, uri) -> n <= 2 ? new Reply(503, "busy") : new Reply(200, GOOD))) {

            JsonPage page = client().fetch(server.uri("/p"));

            assertThat(page.attempts()).isEqualTo(3);
            assertThat(page.records()).isEqualTo(2);
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void tooManyRequestsIsRetried() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start(
                (n, uri) -> n == 1 ? new Reply(429, "") : new Reply(200, GOOD))) {

            assertThat(client().fetch(server.uri("/p")).attempts()).isEqualTo(2);
        }
    }

    @Test
    void persistentServerErrorGivesUpAfterTheRetriesNamingUrlAndStatus() {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(500, "{\"error\":\"boom\"}")) {
            URI uri = server.uri("/odata/page?$top=10&$skip=0");

            assertThatThrownBy(() -> client().fetch(uri))
                    .isInstanceOfSatisfying(SourceUnavailableException.class, e -> assertThat(e.retriable()).isTrue())
                    .hasMessageContaining(uri.toString())
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("after " + (RETRIES + 1) + " attempt(s)");
            assertThat(server.requests()).hasSize(RETRIES + 1);
        }
    }

    @Test
    void notFoundIsBadInputAndNotRetried() {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(404, "")) {
            URI uri = server.uri("/wrong/path");

            assertThatThrownBy(() -> client().fetch(uri))
                    .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining(uri.toString())
                    .hasMessageContaining("HTTP 404");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void truncatedBodyIsRetriedThenTheGoodBodyIsAccepted() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start(
                (n, uri) -> n == 1 ? new Reply(200, "{\"value\":[") : new Reply(200, GOOD))) {

            JsonPage page = client().fetch(server.uri("/p"));

            assertThat(page.attempts()).isEqualTo(2);
            assertThat(page.body()).isEqualTo(GOOD.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void bodyWithoutTheRecordArrayIsRetriedTwiceThenABadAnswerThatIsNotRetriable() {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(200, "{\"value\":{\"a\":1}}")) {
            URI uri = server.uri("/p");

            assertThatThrownBy(() -> client().fetch(uri))
                    .isInstanceOfSatisfying(BadAnswerException.class, e -> {
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.uri()).isEqualTo(uri);
                    })
                    .hasMessageStartingWith("the answer of " + uri + " has no 'value' array (the same in 3 attempt(s))")
                    .hasMessageNotContaining("check the server is up");
            // 2 retries for a rejected body, although the retry budget (3) would allow one more
            assertThat(server.requests()).hasSize(HttpPolicy.MALFORMED_RETRIES + 1).hasSize(3);
        }
    }

    @Test
    void bodyThatIsNotJsonIsABadAnswerNamingTheUrlAndWhereItBreaks() {
        // 22 bytes of a JSON body cut short, every time: the parser runs out at the end of the 22 bytes
        String cut = "{\"value\":[{\"a\":1},{\"a\"";
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(22);
        try (ScriptedHttpServer html = ScriptedHttpServer.always(200, "<html>maintenance</html>");
                ScriptedHttpServer truncated = ScriptedHttpServer.always(200, cut)) {
            URI page = html.uri("/odata/x?$top=2");
            URI cutPage = truncated.uri("/odata/y?$top=2");

            assertThatThrownBy(() -> client().fetch(page))
                    .isInstanceOf(BadAnswerException.class)
                    .hasMessageStartingWith("the answer of " + page + " is not JSON: Unexpected character ('<'")
                    .hasMessageContaining(" at byte 1 (the same in 3 attempt(s))");
            assertThatThrownBy(() -> client().fetch(cutPage))
                    .isInstanceOf(BadAnswerException.class)
                    .hasMessageStartingWith("the answer of " + cutPage + " is not JSON: unexpected end at byte 22 (a truncated answer)");
        }
    }

    @Test
    void aTruncatedBodyMixedWithServerErrorsStillCountsOnlyTheRejectedBodies() {
        // 503, truncated, 503, truncated, then good: 2 rejected bodies stay within the 2 allowed
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> switch (n) {
            case 1, 3 -> new Reply(503, "busy");
            case 2, 4 -> new Reply(200, "{\"value\":[");
            default -> new Reply(200, GOOD);
        })) {
            JsonPage page = new JsonPageClient("value", Duration.ofSeconds(5), 5, Duration.ofMillis(5), Duration.ofMillis(20))
                    .fetch(server.uri("/p"));

            assertThat(page.attempts()).isEqualTo(5);
        }
    }

    @Test
    void emptyRecordArrayIsAValidPage() {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(200, "{\"value\":[]}")) {
            assertThat(client().fetch(server.uri("/p")).records()).isZero();
        }
    }

    @Test
    void connectionRefusedIsSourceUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/odata/page");

        assertThatThrownBy(() -> client().fetch(uri))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(uri.toString())
                .hasMessageContaining("connection refused");
    }
}
