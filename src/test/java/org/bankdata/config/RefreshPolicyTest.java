package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T06:00:00Z");

    @Test
    void parsesTheThreeForms() {
        assertThat(RefreshPolicy.parse("missing")).isEqualTo(RefreshPolicy.MISSING);
        assertThat(RefreshPolicy.parse(" ALWAYS ")).isEqualTo(RefreshPolicy.ALWAYS);
        assertThat(RefreshPolicy.parse("older-than=30d").maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(RefreshPolicy.parse("older-than=12h").maxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(RefreshPolicy.parse("older-than=90m").maxAge()).isEqualTo(Duration.ofMinutes(90));
        assertThat(RefreshPolicy.parse("older-than=30d")).hasToString("older-than=30d");
        assertThat(RefreshPolicy.parse("older-than=12h")).hasToString("older-than=12h");
    }

    @Test
    void refusesAnythingElseNamingTheFlag() {
        for (String bad : new String[] {"", "sometimes", "older-than=", "older-than=30", "older-than=0d", "older-than=-1d", "older-than=2w"}) {
            assertThatThrownBy(() -> RefreshPolicy.parse(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--refresh");
        }
    }

    @Test
    void decidesWhatToFetch() {
        Instant fresh = NOW.minus(Duration.ofDays(29));
        Instant stale = NOW.minus(Duration.ofDays(31));
        assertThat(RefreshPolicy.MISSING.fetch(null, NOW)).isTrue();
        assertThat(RefreshPolicy.MISSING.fetch(stale, NOW)).isFalse();
        assertThat(RefreshPolicy.ALWAYS.fetch(fresh, NOW)).isTrue();
        RefreshPolicy month = RefreshPolicy.parse("older-than=30d");
        assertThat(month.fetch(null, NOW)).isTrue();
        assertThat(month.fetch(fresh, NOW)).isFalse();
        assertThat(month.fetch(stale, NOW)).isTrue();
    }
}
