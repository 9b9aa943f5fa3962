package org.bankdata.source.rest;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.Policy;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bankdata.errors.BadAnswerException;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.config.HttpPolicy;

/**
 * GET over HTTP with every resilience policy in one place (Failsafe, outermost first): retries with
 * exponential backoff and jitter on network faults, timeouts, 408/429/5xx and bodies the caller rejects,
 * honouring {@code Retry-After} up to a cap; a circuit breaker shared by all threads that stops sending
 * requests for a while once most recent requests failed; and an optional smooth rate limit that every
 * attempt, retries included, passes through. Each attempt has a deadline from connect to the body's last byte
 * and a read-idle limit ({@link BoundedExchange}): a stalled transfer is abandoned and retried, and no caller
 * waits longer than the deadline per attempt. Other 4xx are not retried. When the retry budget is spent the
 * error names the URL and the last real failure; a body still rejected after {@link HttpPolicy#malformedRetries()}
 * retries is a {@link BadAnswerException} (the server is up; its answer is bad). Thread-safe; one instance per
 * source.
 */
public final class ResilientHttp {
    /** Checks a 2xx body, throwing {@link MalformedPageException} (retried) when it is not what was expected. */
    @FunctionalInterface
    public interface BodyCheck {
        void check(byte[] body) throws MalformedPageException;
    }

    private final HttpClient http;
    private final HttpPolicy policy;
    private final String hint;
    private final CircuitBreaker<Object> breaker;
    private final RetryPolicy<Object> retry;
    private final List<Policy<Object>> policies = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();

    /**
     * @param hint what the user should check when the source refuses or stays unreachable, e.g. "--api-url is right"
     */
    public ResilientHttp(HttpPolicy policy, String hint) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.hint = hint == null ? "" : hint;
        // HTTP/1.1: one connection per concurrent request, no h2c upgrade round trip on plain http. Small bodies
        // are completed on the client's own I/O thread instead of being handed to another pool (one thread
        // switch less per request, which is most of the client's cost on a busy machine).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(policy.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).executor(Runnable::run).build();
        this.breaker = CircuitBreaker.builder()
                .handleIf(ResilientHttp::serverFault)
                .withFailureThreshold(HttpPolicy.BREAKER_FAILURES, HttpPolicy.BREAKER_WINDOW)
                .withSuccessThreshold(1)
                .withDelay(policy.breakerDelay())
                .build();
        double jitter = 0.25;
        this.retry = RetryPolicy.builder()
                .handleIf(ResilientHttp::retriable)
                .withBackoff(policy.firstBackoff(), policy.maxBackoff())
                .withJitter(jitter)
                .withDelayFn(context -> serverAskedDelay(context.getLastException(), jitter))
                .withMaxRetries(policy.maxRetries())
                .onRetry(e -> retries.incrementAndGet())
                .build();
        policies.add(retry);
        policies.add(breaker);
        if (policy.rateLimited()) {
            policies.add(RateLimiter.smoothBuilder(Duration.ofNanos(Math.max(1, (long) (1e9 / policy.requestsPerSecond()))))
                    .withMaxWaitTime(Duration.ofDays(1)).build());
        }
    }

    public HttpPolicy policy() {
        return policy;
    }

    public HttpStats stats() {
        return new HttpStats(requests.get(), retries.get(), answers.get());
    }

    /** GETs {@code uri} until a 2xx answer passes {@code check}, or the retry budget is spent. */
    public HttpAnswer get(URI uri, String accept, BodyCheck check) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicReference<Throwable> lastReal = new AtomicReference<>();
        try {
            HttpAnswer answer = Failsafe.with(policies).get(() -> {
                int attempt = attempts.incrementAndGet();
                try {
                    return once(uri, accept, check, attempt);
                } catch (MalformedPageException e) {
                    lastReal.set(e);
                    if (rejected.incrementAndGet() > policy.malformedRetries()) {
                        // unchecked and not retriable: Failsafe rethrows it as it is
                        throw new BadAnswerException(uri, "the answer of " + uri + " " + e.getMessage() + " (the same in "
                                + rejected.get() + " attempt(s)); the server answers, but not with the data expected", e);
                    }
                    throw e;
                } catch (IOException e) {
                    lastReal.set(e);
                    throw e;
                }
            });
            answers.incrementAndGet();
            return answer;
        } catch (CircuitBreakerOpenException e) {
            throw failure(uri, e, lastReal.get(), attempts.get());
        } catch (FailsafeException e) {
            throw failure(uri, e.getCause() == null ? e : e.getCause(), lastReal.get(), attempts.get());
        }
    }

    private HttpAnswer once(URI uri, String accept, BodyCheck check, int attempt) throws IOException, InterruptedException {
        // no HttpRequest.timeout: it would end when the headers arrive; BoundedExchange bounds the whole exchange
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", accept).GET().build();
        requests.incrementAndGet();
        HttpResponse<byte[]> response = BoundedExchange.send(http, request, policy.requestTimeout(), policy.readIdleTimeout());
        if (response.statusCode() / 100 != 2) {
            Duration wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now())
                    .orElse(null);
            throw new HttpStatusException(response.statusCode(), "HTTP " + response.statusCode(), wait);
        }
        check.check(response.body());
        return new HttpAnswer(uri, response.headers(), response.body(), Instant.now(), attempt);
    }

    /**
     * Retry-After (capped) when the server sent one; the breaker's remaining pause when it is open; otherwise
     * -1, which leaves the backoff to Failsafe. Failsafe adds jitter to any delay, so a server-asked delay is
     * stretched to make sure jitter never makes it shorter than asked.
     */
    private Duration serverAskedDelay(Throwable last, double jitter) {
        Duration wait = null;
        if (last instanceof HttpStatusException status && status.retryAfter() != null) {
            wait = status.retryAfter().compareTo(policy.retryAfterCap()) > 0 ? policy.retryAfterCap() : status.retryAfter();
        }
        // an attempt the open breaker refused leaves no exception in the context: ask the breaker itself
        if (breaker.isOpen()) {
            Duration pause = breaker.getRemainingDelay().plus(policy.firstBackoff());
            wait = wait == null || pause.compareTo(wait) > 0 ? pause : wait;
        }
        return wait == null ? Duration.ofMillis(-1) : Duration.ofNanos((long) (wait.toNanos() / (1 - jitter)));
    }

    private static boolean retriable(Throwable t) {
        if (t instanceof HttpStatusException status) {
            return status.retriable();
        }
        return t instanceof IOException || t instanceof CircuitBreakerOpenException;
    }

    /** What says the server itself is in trouble: network faults, timeouts, 5xx. A 429 is the server working as meant. */
    private static boolean serverFault(Throwable t) {
        if (t instanceof HttpStatusException status) {
            return status.status() >= 500;
        }
        return t instanceof IOException && !(t instanceof MalformedPageException);
    }

    private RuntimeException failure(URI uri, Throwable cause, Throwable lastReal, int attempts) {
        if (cause instanceof HttpStatusException status && !status.retriable()) {
            return new BadInputException("the server refused " + uri + " with HTTP " + status.status()
                    + (hint.isEmpty() ? "" : "; check " + hint), cause);
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable real = cause instanceof CircuitBreakerOpenException && lastReal != null ? lastReal : cause;
        String breakerNote = cause instanceof CircuitBreakerOpenException
                ? "; the circuit breaker is open: the server failed at least " + HttpPolicy.BREAKER_FAILURES + " of the last "
                        + HttpPolicy.BREAKER_WINDOW + " requests"
                : "";
        return new SourceUnavailableException("cannot fetch " + uri + " after " + attempts + " attempt(s), last error: "
                + describe(real) + breakerNote + "; check the server is up" + (hint.isEmpty() ? "" : " and " + hint), real);
    }

    static String describe(Throwable t) {
        if (t instanceof HttpStatusException status) {
            return "HTTP " + status.status();
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof HttpTimeoutException) {
            return "timed out (" + t.getMessage() + ")";
        }
        if (t instanceof CircuitBreakerOpenException) {
            return "circuit breaker open";
        }
        if (t instanceof MalformedPageException) {
            return "unusable answer: " + t.getMessage();
        }
        return org.bankdata.errors.ErrorMessages.describe(t);
    }
}
