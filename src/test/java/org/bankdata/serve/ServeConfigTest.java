package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
    private static final LakeLayout LAKE = new LakeLayout(Path.of("lake"));

    @Test
    void defaults() {
        ServeConfig c = ServeConfig.local(LAKE, 8080);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.token()).isNull();
        assertThat(c.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.rowCap()).isEqualTo(1000);
        assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(c.exportRowCap()).isEqualTo(1_000_000);
        assertThat(c.maxConcurrentQueries()).isEqualTo(4);
        assertThat(c.allowedHosts()).isEmpty();
        assertThat(c.memoryLimitMb()).isEqualTo(512);
    }

    @Test
    void allowedHostsAreBareNames() {
        assertThat(ServeConfig.local(LAKE, 0).withAllowedHosts(java.util.List.of("Dashboard.Example.org", "[::1]", "10.0.0.5"))
                .allowedHosts()).containsExactly("dashboard.example.org", "::1", "10.0.0.5");
        for (String bad : new String[] {"http://x.org", "x.org:8080", "x.org/path", " "}) {
            assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withAllowedHosts(java.util.List.of(bad))).as(bad)
                    .isInstanceOf(UsageException.class).hasMessageContaining("--allowed-host");
        }
    }

    @Test
    void loopbackNeedsNoTokenAnythingElseDoes() {
        for (String host : new String[] {"127.0.0.1", "127.0.1.1", "localhost", "::1"}) {
            assertThat(ServeConfig.local(LAKE, 0).withHost(host).host()).isEqualTo(host);
        }
        for (String host : new String[] {"0.0.0.0", "192.168.1.5", "::", "example.org"}) {
            assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withHost(host)).as(host)
                    .isInstanceOf(UsageException.class).hasMessageContaining("--token");
        }
        assertThat(ServeConfig.local(LAKE, 0).withToken("0123456789abcdef").withHost("0.0.0.0").token())
                .isEqualTo("0123456789abcdef");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 70000)).isInstanceOf(UsageException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withToken("short")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withRowCap(0)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withQueryTimeout(Duration.ZERO)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withExportRowCap(0)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--export-row-cap");
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withMaxConcurrentQueries(0)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--max-concurrent-queries");
        assertThatThrownBy(() -> ServeConfig.local(LAKE, 0).withMemoryLimitMb(15)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--memory-limit must be at least 16");
        assertThat(ServeConfig.local(LAKE, 0).withMemoryLimitMb(16).memoryLimitMb()).isEqualTo(16);
    }
}
