package org.bankdata.serve;

import java.time.Duration;

/**
 * The last failure to read or open the published release, and when to try again: 2 s after the first failure,
 * doubling up to a minute, so a bad pointer or an unreachable bucket costs one attempt per interval, not one per
 * request.
 *
 * @param message  what failed, for the log and for a request that finds nothing served
 * @param attempts failed attempts in a row
 * @param retryAt  {@link System#nanoTime()} from which the next attempt may start
 */
record OpenFailure(String message, int attempts, long retryAt) {
    static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);

    /** The failure after {@code previous} (null: the first in a row), at {@code now} (nanoTime). */
    static OpenFailure after(OpenFailure previous, String message, long now) {
        int attempts = previous == null ? 1 : previous.attempts + 1;
        return new OpenFailure(message, attempts, now + delay(attempts).toNanos());
    }

    static Duration delay(int attempts) {
        Duration delay = FIRST_DELAY;
        for (int i = 1; i < attempts && delay.compareTo(MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** Whether the next attempt may start at {@code now} (nanoTime). */
    boolean due(long now) {
        return now - retryAt >= 0;
    }

    long secondsUntilRetry(long now) {
        return Math.max(0, (retryAt - now + 999_999_999L) / 1_000_000_000L);
    }
}
