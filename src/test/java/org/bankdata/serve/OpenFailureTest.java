package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A release that cannot be opened is tried again after 2 s, then 4, 8, 16, 32 s, then once a minute. */
class OpenFailureTest {
    @Test
    void theDelayDoublesFromTwoSecondsUpToAMinute() {
        OpenFailure failure = null;
        long now = 1_000_000_000L;
        long[] seconds = new long[8];
        for (int i = 0; i < seconds.length; i++) {
            failure = OpenFailure.after(failure, "cannot open", now);
            seconds[i] = Duration.ofNanos(failure.retryAt() - now).toSeconds();
        }
        assertThat(seconds).containsExactly(2, 4, 8, 16, 32, 60, 60, 60);
        assertThat(failure.attempts()).isEqualTo(8);
    }

    @Test
    void anAttemptIsDueOnlyOnceItsDelayHasPassed() {
        long now = -5_000_000_000L; // nanoTime may be negative
        OpenFailure first = OpenFailure.after(null, "cannot open", now);

        assertThat(first.due(now + 1_999_999_999L)).isFalse();
        assertThat(first.secondsUntilRetry(now + 500_000_000L)).isEqualTo(2);
        assertThat(first.due(now + 2_000_000_000L)).isTrue();
        assertThat(first.secondsUntilRetry(now + 3_000_000_000L)).isZero();
    }
}
