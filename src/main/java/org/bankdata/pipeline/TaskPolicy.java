package org.bankdata.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How the runner treats one task: at most {@code maxAttempts} attempts, retried only on retriable errors
 * (an unreachable server, a timed-out attempt) after an exponential backoff from {@code firstBackoff}
 * doubling up to {@code maxBackoff}; each attempt is stopped after {@code timeout}.
 */
public record TaskPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration timeout) {
    public TaskPolicy {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= first <= max, got " + firstBackoff + ", " + maxBackoff);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Three attempts, 2 s then 4 s apart, each stopped after {@code timeout}. */
    public static TaskPolicy retrying(Duration timeout) {
        return new TaskPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30), timeout);
    }

    public TaskPolicy withTimeout(Duration newTimeout) {
        return new TaskPolicy(maxAttempts, firstBackoff, maxBackoff, newTimeout);
    }

    /** Backoff before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
    public Duration backoffAfter(int attempt) {
        long millis = firstBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
