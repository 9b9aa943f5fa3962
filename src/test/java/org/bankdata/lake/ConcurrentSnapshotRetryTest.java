package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A snapshot refused because another one of the table was committed at the same moment is written again; nothing else is. */
class ConcurrentSnapshotRetryTest {
    private static final String REFUSED =
            "Malformed request: Cannot add snapshot with sequence number 2 older than last sequence number 2";

    @Test
    void aSnapshotRefusedForAConcurrentOneIsWrittenAgain() {
        AtomicInteger calls = new AtomicInteger();
        String written = LakeCatalog.retryingConcurrentSnapshot("quarantine", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("commit failed", new IllegalArgumentException(REFUSED));
            }
            return "snapshot";
        });
        assertThat(written).isEqualTo("snapshot");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aSnapshotRefusedAsAheadOfTheTablesLastSequenceNumberIsWrittenAgain() {
        AtomicInteger calls = new AtomicInteger();
        String written = LakeCatalog.retryingConcurrentSnapshot("quarantine", () -> {
            if (calls.incrementAndGet() < 2) {
                throw new IllegalStateException(
                        "Malformed request: Invalid snapshot with sequence number 4 greater than last sequence number 3");
            }
            return "snapshot";
        });
        assertThat(written).isEqualTo("snapshot");
        assertThat(calls).hasValue(2);
    }

    @Test
    void otherFailuresAndAConflictThatPersistsFail() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> LakeCatalog.retryingConcurrentSnapshot("quarantine", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThat(calls).hasValue(1);

        calls.set(0);
        assertThatThrownBy(() -> LakeCatalog.retryingConcurrentSnapshot("quarantine", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException(REFUSED);
        })).hasMessageContaining("older than last sequence number");
        assertThat(calls).hasValue(5);
    }
}
