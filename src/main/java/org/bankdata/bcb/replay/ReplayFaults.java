package org.bankdata.bcb.replay;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.errors.UsageException;

/**
 * Faults a replay injects, deterministically: whether the n-th request for a URL fails, and how, depends only on
 * the seed, the URL and n, never on the order in which concurrent requests arrive. At most
 * {@code maxPerUrl} requests for one URL fail, so a client retrying more often than that always gets the
 * data in the end.
 *
 * @param rate       share of requests that fail, 0..1
 * @param seed       seed of the choice
 * @param maxPerUrl  failures at most per URL
 * @param retryAfter what a 429 answer asks to wait, in {@code Retry-After} seconds
 * @param slow       how long a slow answer takes (beyond the client's timeout, it is a timeout)
 * @param stall      how long a stalled body or an unanswered request holds its connection, sending nothing,
 *                   before the replay drops it (beyond the client's deadline, the client must give up first)
 */
public record ReplayFaults(double rate, long seed, int maxPerUrl, int retryAfter, Duration slow, Duration stall) {
    /**
     * The kinds of fault, chosen with equal odds. {@code STALLED_BODY}: headers and part of the body, then
     * silence on an open connection; {@code NO_ANSWER}: the connection is accepted and no headers ever come.
     */
    public enum Kind { HTTP_500, HTTP_503, HTTP_429, CONNECTION_RESET, TRUNCATED_BODY, SLOW, STALLED_BODY, NO_ANSWER }

    /** How long a stalled or unanswered request holds its connection unless told otherwise: twice the client's default deadline. */
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(60);

    public static final ReplayFaults NONE = new ReplayFaults(0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

    public ReplayFaults {
        if (!(rate >= 0 && rate <= 1)) {
            throw new UsageException("fault rate must be between 0 and 1, got " + rate);
        }
        if (maxPerUrl < 0 || retryAfter < 0 || slow == null || slow.isNegative() || stall == null || stall.isNegative()) {
            throw new UsageException("fault limits must not be negative");
        }
    }

    /** Faults whose stalled connections are held {@link #DEFAULT_STALL}. */
    public ReplayFaults(double rate, long seed, int maxPerUrl, int retryAfter, Duration slow) {
        this(rate, seed, maxPerUrl, retryAfter, slow, DEFAULT_STALL);
    }

    /** Tracks how often each URL was asked for and decides each request's fault. */
    public final class Plan {
        private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

        /** The fault for this request, or null to answer normally. */
        public Kind next(String url) {
            int n = asked.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
            if (rate == 0 || n > maxPerUrl) {
                return null;
            }
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + url.hashCode() * 31L + n);
            if (random.nextDouble() >= rate) {
                return null;
            }
            return Kind.values()[random.nextInt(Kind.values().length)];
        }
    }

    public Plan plan() {
        return new Plan();
    }
}
