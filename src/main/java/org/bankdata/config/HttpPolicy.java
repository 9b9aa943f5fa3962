package org.bankdata.config;

import java.time.Duration;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * How hard and how fast a REST source is asked: per-request timeout, retry budget (exponential backoff with
 * jitter, {@code Retry-After} honoured up to a cap), circuit breaker pause, and a client-side rate limit.
 *
 * @param requestTimeout    deadline of one request, connect to last byte of the body; a body that stops for
 *                          {@link #readIdleTimeout()} is abandoned sooner
 * @param maxRetries        retries after the first attempt of one request
 * @param firstBackoff      delay before the first retry; doubles up to {@code maxBackoff}
 * @param maxBackoff        longest backoff between two attempts
 * @param retryAfterCap     longest {@code Retry-After} honoured; longer answers wait this long
 * @param breakerDelay      how long the circuit breaker stays open (no request sent) after the server failed
 *                          {@link #BREAKER_FAILURES} of the last {@link #BREAKER_WINDOW} requests
 * @param requestsPerSecond client-side rate limit over all threads; 0 means none
 */
public record HttpPolicy(Duration requestTimeout, int maxRetries, Duration firstBackoff, Duration maxBackoff,
        Duration retryAfterCap, Duration breakerDelay, double requestsPerSecond) {
    public static final int BREAKER_FAILURES = 8;
    public static final int BREAKER_WINDOW = 10;
    /** {@code --api-timeout}'s default, in seconds (a compile-time constant, so the option can name it). */
    public static final long DEFAULT_TIMEOUT_SECONDS = 30;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    public static final int DEFAULT_RETRIES = 5;
    /** Longest silence inside an answer (after its headers) before the transfer is abandoned as stalled. */
    public static final long READ_IDLE_SECONDS = 10;
    public static final Duration READ_IDLE = Duration.ofSeconds(READ_IDLE_SECONDS);
    /**
     * Retries of a body the caller rejects (not JSON, wrong shape): a truncated transfer mends on a retry, a
     * malformed answer does not, so it is asked again only this often before it counts as a bad answer.
     */
    public static final int MALFORMED_RETRIES = 2;

    public HttpPolicy {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        Objects.requireNonNull(breakerDelay, "breakerDelay");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new UsageException("the request timeout must be positive, got " + requestTimeout);
        }
        if (maxRetries < 0 || maxRetries > 100) {
            throw new UsageException("retries must be between 0 and 100, got " + maxRetries);
        }
        if (firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new UsageException("backoff must be positive and at most the maximum backoff, got " + firstBackoff
                    + " and " + maxBackoff);
        }
        if (retryAfterCap.isNegative() || breakerDelay.isNegative()) {
            throw new UsageException("Retry-After cap and breaker delay must not be negative");
        }
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new UsageException("the rate limit must be a number of requests per second >= 0 (0 = none), got "
                    + requestsPerSecond);
        }
    }

    /** Defaults for a public service: 30 s timeout, 5 retries from 0.5 s up to 8 s, Retry-After up to 60 s. */
    public static HttpPolicy defaults() {
        return new HttpPolicy(DEFAULT_TIMEOUT, DEFAULT_RETRIES, Duration.ofMillis(500), Duration.ofSeconds(8),
                Duration.ofSeconds(60), Duration.ofSeconds(5), 0);
    }

    public HttpPolicy withTimeout(Duration timeout) {
        return new HttpPolicy(timeout, maxRetries, firstBackoff, maxBackoff, retryAfterCap, breakerDelay, requestsPerSecond);
    }

    public HttpPolicy withRetries(int retries) {
        return new HttpPolicy(requestTimeout, retries, firstBackoff, maxBackoff, retryAfterCap, breakerDelay, requestsPerSecond);
    }

    public HttpPolicy withRate(double perSecond) {
        return new HttpPolicy(requestTimeout, maxRetries, firstBackoff, maxBackoff, retryAfterCap, breakerDelay, perSecond);
    }

    /** Same limits with every wait scaled to {@code first}..{@code max} backoff, cap and breaker pause (tests, benchmarks). */
    public HttpPolicy withWaits(Duration first, Duration max, Duration retryAfterCap, Duration breakerDelay) {
        return new HttpPolicy(requestTimeout, maxRetries, first, max, retryAfterCap, breakerDelay, requestsPerSecond);
    }

    /** {@link #READ_IDLE}, or the whole request timeout when that is shorter. */
    public Duration readIdleTimeout() {
        return requestTimeout.compareTo(READ_IDLE) < 0 ? requestTimeout : READ_IDLE;
    }

    /** Retries of a rejected body: {@link #MALFORMED_RETRIES}, or fewer when the retry budget is smaller. */
    public int malformedRetries() {
        return Math.min(MALFORMED_RETRIES, maxRetries);
    }

    public boolean rateLimited() {
        return requestsPerSecond > 0;
    }
}
