package org.bankdata.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.source.rest.ScriptedHttpServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.bankdata.config.HttpPolicy;

/** Retry-After, timeouts, the circuit breaker and the rate limit, against scripted servers on 127.0.0.1. */
@Timeout(30)
class ResilientHttpTest {
    private static final String GOOD = "{\"value\":[]}";
    private static final ResilientHttp.BodyCheck ANY = body -> { };

    private static HttpPolicy policy(int retries, Duration retryAfterCap) {
        return new HttpPolicy(Duration.ofSeconds(5), retries, Duration.ofMillis(5), Duration.ofMillis(20), retryAfterCap,
                Duration.ofMillis(500), 0);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n == 1
                ? new Reply(429, "", Map.of("Retry-After", "1")) : new Reply(200, GOOD))) {
            ResilientHttp http = new ResilientHttp(policy(3, Duration.ofSeconds(5)), "");
            long t0 = System.nanoTime();

            HttpAnswer answer = http.get(server.uri("/p"), "application/json", ANY);

            // the backoff alone would be 5 ms; the server asked for 1 s
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(1.0).isLessThan(5);
            assertThat(answer.attempts()).isEqualTo(2);
            assertThat(http.stats()).isEqualTo(new HttpStats(2, 1, 1));
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n == 1
                ? new Reply(503, "", Map.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.now().plusSeconds(2).atZone(ZoneOffset.UTC))))
                : new Reply(200, GOOD))) {
            ResilientHttp http = new ResilientHttp(policy(3, Duration.ofSeconds(5)), "");
            long t0 = System.nanoTime();

            http.get(server.uri("/p"), "application/json", ANY);

            // HTTP dates have whole seconds: the wait is between 1 and 2 s
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(1.0).isLessThan(5);
        }
    }

    @Test
    void retryAfterIsCappedSoAHostileServerCannotStallTheRun() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n == 1
                ? new Reply(429, "", Map.of("Retry-After", "3600")) : new Reply(200, GOOD))) {
            ResilientHttp http = new ResilientHttp(policy(3, Duration.ofMillis(200)), "");
            long t0 = System.nanoTime();

            http.get(server.uri("/p"), "application/json", ANY);

            assertThat(seconds(t0)).isGreaterThanOrEqualTo(0.2).isLessThan(3);
        }
    }

    @Test
    void aTimeoutIsRetried() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n == 1
                ? new Reply(200, GOOD, Map.of(), 1500) : new Reply(200, GOOD))) {
            HttpPolicy fast = policy(2, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(300));

            HttpAnswer answer = new ResilientHttp(fast, "").get(server.uri("/p"), "application/json", ANY);

            assertThat(answer.attempts()).isEqualTo(2);
        }
    }

    @Test
    void timeoutsThatPersistAreReportedAsSuch() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> new Reply(200, GOOD, Map.of(), 800))) {
            HttpPolicy fast = policy(1, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(200));
            URI uri = server.uri("/slow");

            assertThatThrownBy(() -> new ResilientHttp(fast, "--api-url is right").get(uri, "application/json", ANY))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining(uri.toString())
                    .hasMessageContaining("timed out")
                    .hasMessageContaining("after 2 attempt(s)")
                    .hasMessageContaining("--api-url is right");
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsAbandonedWithinTheDeadlineAndRetried() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n == 1
                ? Reply.stalledBody(GOOD) : new Reply(200, GOOD))) {
            HttpPolicy fast = policy(2, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(500));
            long t0 = System.nanoTime();

            HttpAnswer answer = new ResilientHttp(fast, "").get(server.uri("/p"), "application/json", ANY);

            assertThat(answer.attempts()).isEqualTo(2);
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(GOOD);
            // one deadline (0.5 s) plus a backoff of milliseconds, with 2 s for a busy machine
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(0.5).isLessThan(0.5 + 2);
        }
    }

    @Test
    void aRequestNeverAnsweredIsAbandonedWithinTheDeadlineAndRetried() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n == 1
                ? Reply.noAnswer() : new Reply(200, GOOD))) {
            HttpPolicy fast = policy(2, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(500));
            long t0 = System.nanoTime();

            HttpAnswer answer = new ResilientHttp(fast, "").get(server.uri("/p"), "application/json", ANY);

            assertThat(answer.attempts()).isEqualTo(2);
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(0.5).isLessThan(0.5 + 2);
        }
    }

    @Test
    void aBodyThatAlwaysStallsFailsNamingTheUrlAfterEveryAttemptHitItsDeadline() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> Reply.stalledBody(GOOD))) {
            HttpPolicy fast = policy(2, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(400));
            URI uri = server.uri("/stalls");
            long t0 = System.nanoTime();

            assertThatThrownBy(() -> new ResilientHttp(fast, "--api-url is right").get(uri, "application/json", ANY))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("cannot fetch " + uri + " after 3 attempt(s)")
                    .hasMessageContaining("timed out (no complete answer within 400 ms: the body stopped after "
                            + GOOD.length() / 2 + " byte(s))")
                    .hasMessageContaining("--api-url is right");

            // three attempts of 0.4 s each and two short backoffs
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(3 * 0.4).isLessThan(3 * 0.4 + 2);
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void aServerThatNeverAnswersFailsNamingTheUrl() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> Reply.noAnswer())) {
            HttpPolicy fast = policy(1, Duration.ofSeconds(1)).withTimeout(Duration.ofMillis(400));
            URI uri = server.uri("/silent");
            long t0 = System.nanoTime();

            assertThatThrownBy(() -> new ResilientHttp(fast, "").get(uri, "application/json", ANY))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("cannot fetch " + uri + " after 2 attempt(s)")
                    .hasMessageContaining("no answer within 400 ms: the server sent no response headers");

            assertThat(seconds(t0)).isGreaterThanOrEqualTo(2 * 0.4).isLessThan(2 * 0.4 + 2);
        }
    }

    @Test
    void theCircuitBreakerStopsSendingRequestsToAServerThatKeepsFailing() {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(503, "down")) {
            // no retries: each call is one attempt, so the breaker sees exactly one failure per call
            ResilientHttp http = new ResilientHttp(new HttpPolicy(Duration.ofSeconds(5), 0, Duration.ofMillis(5),
                    Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofSeconds(10), 0), "");
            for (int i = 0; i < HttpPolicy.BREAKER_FAILURES; i++) {
                assertThatThrownBy(() -> http.get(server.uri("/p"), "application/json", ANY))
                        .hasMessageContaining("HTTP 503");
            }
            assertThat(server.requests()).hasSize(HttpPolicy.BREAKER_FAILURES);

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> http.get(server.uri("/p"), "application/json", ANY))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("circuit breaker is open");
            // failed fast: no request sent, no waiting
            assertThat(server.requests()).hasSize(HttpPolicy.BREAKER_FAILURES);
            assertThat(seconds(t0)).isLessThan(1);
        }
    }

    @Test
    void retriesWaitForTheOpenBreakerThenSucceedWhenTheServerIsBack() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> n <= HttpPolicy.BREAKER_FAILURES
                ? new Reply(500, "boom") : new Reply(200, GOOD))) {
            ResilientHttp http = new ResilientHttp(new HttpPolicy(Duration.ofSeconds(5), 12, Duration.ofMillis(5),
                    Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(300), 0), "");
            long t0 = System.nanoTime();

            HttpAnswer answer = http.get(server.uri("/p"), "application/json", ANY);

            assertThat(answer.attempts()).isGreaterThan(HttpPolicy.BREAKER_FAILURES);
            // the breaker held every attempt back for its 300 ms pause: no request was sent meanwhile
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(0.3);
            assertThat(server.requests()).hasSize(HttpPolicy.BREAKER_FAILURES + 1);
        }
    }

    @Test
    void theRateLimitHoldsAcrossThreads() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.always(200, GOOD)) {
            ResilientHttp http = new ResilientHttp(policy(0, Duration.ofSeconds(1)).withRate(20), "");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long t0 = System.nanoTime();
            List<Future<HttpAnswer>> calls = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                calls.add(pool.submit(() -> http.get(server.uri("/p"), "application/json", ANY)));
            }
            for (Future<HttpAnswer> call : calls) {
                call.get();
            }
            pool.shutdown();
            // 21 requests at 20/s: the first goes at once, the last 1 s later
            assertThat(seconds(t0)).isGreaterThanOrEqualTo(0.95);
            assertThat(http.stats().requests()).isEqualTo(21);
        }
    }
}
