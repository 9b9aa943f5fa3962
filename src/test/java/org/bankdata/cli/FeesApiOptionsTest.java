package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.bankdata.config.PersonType;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RefreshPolicy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The fees options parse into one FeesApiConfig; the rate defaults to polite against a real service only. */
class FeesApiOptionsTest {
    @Command(name = "t")
    static final class Holder {
        @Mixin
        FeesApiOptions options;
    }

    private static FeesApiConfig parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.options.toConfig();
    }

    @Test
    void defaultsAreTheConfigDefaults() {
        assertThat(parse()).isEqualTo(FeesApiConfig.defaults());
    }

    @Test
    void everyOptionReachesTheConfig() {
        FeesApiConfig c = parse("--api-url", "https://olinda.bcb.gov.br/olinda/servico/x/versao/v1/odata", "--api-page-size", "50",
                "--api-concurrency", "8", "--api-rate", "2.5", "--api-timeout", "7.5", "--api-retries", "2",
                "--person-type", "both", "--refresh", "older-than=7d");
        assertThat(c.apiUrl()).hasToString("https://olinda.bcb.gov.br/olinda/servico/x/versao/v1/odata");
        assertThat(c.pageSize()).isEqualTo(50);
        assertThat(c.concurrency()).isEqualTo(8);
        assertThat(c.http().requestsPerSecond()).isEqualTo(2.5);
        assertThat(c.http().requestTimeout()).isEqualTo(Duration.ofMillis(7500));
        assertThat(c.http().maxRetries()).isEqualTo(2);
        assertThat(c.personTypes()).containsExactly(PersonType.J, PersonType.F);
        assertThat(c.refresh()).isEqualTo(RefreshPolicy.olderThan(Duration.ofDays(7)));
    }

    @Test
    void aRealServiceIsAskedAtTenRequestsPerSecondUnlessToldOtherwise() {
        assertThat(parse("--api-url", "https://olinda.bcb.gov.br/x/odata").http().requestsPerSecond()).isEqualTo(10);
        assertThat(parse("--api-url", "https://olinda.bcb.gov.br/x/odata", "--api-rate", "0").http().rateLimited()).isFalse();
        assertThat(parse().http().rateLimited()).isFalse();
    }
}
