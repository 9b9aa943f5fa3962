package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;

class FeesApiConfigTest {
    @Test
    void pinsTheDefaults() {
        FeesApiConfig d = FeesApiConfig.defaults();
        assertThat(d.usesReplay()).isTrue();
        assertThat(d.pageSize()).isEqualTo(100);
        assertThat(d.concurrency()).isEqualTo(4);
        assertThat(d.personTypes()).containsExactly(PersonType.J);
        assertThat(d.refresh()).isEqualTo(RefreshPolicy.MISSING);
        HttpPolicy http = d.http();
        assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(http.maxRetries()).isEqualTo(5);
        assertThat(http.firstBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(http.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
        assertThat(http.retryAfterCap()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.breakerDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(http.rateLimited()).isFalse();
        assertThat(FeesApiConfig.DEFAULT_LIVE_RATE).isEqualTo(10);
    }

    @Test
    void refusesOutOfRangeValuesNamingTheFlag() {
        FeesApiConfig d = FeesApiConfig.defaults();
        assertThatThrownBy(() -> d.withConcurrency(0)).isInstanceOf(UsageException.class).hasMessageContaining("--api-concurrency");
        assertThatThrownBy(() -> d.withConcurrency(257)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> d.withPageSize(0)).isInstanceOf(UsageException.class).hasMessageContaining("--api-page-size");
        assertThatThrownBy(() -> d.withPersonTypes(List.of())).isInstanceOf(UsageException.class).hasMessageContaining("--person-type");
        assertThatThrownBy(() -> d.withApiUrl(URI.create("http://127.0.0.1/x"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("/odata");
        assertThatThrownBy(() -> d.withHttp(d.http().withRate(-1))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> d.withHttp(d.http().withRetries(-1))).isInstanceOf(UsageException.class);
    }

    @Test
    void personTypeChoices() {
        assertThat(PersonType.parseChoice("j")).containsExactly(PersonType.J);
        assertThat(PersonType.parseChoice("F")).containsExactly(PersonType.F);
        assertThat(PersonType.parseChoice("both")).containsExactly(PersonType.J, PersonType.F);
        assertThatThrownBy(() -> PersonType.parseChoice("X")).isInstanceOf(UsageException.class).hasMessageContaining("both");
    }
}
