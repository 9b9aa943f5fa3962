package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bankdata serve} refusals that happen before anything listens. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anotherHostWithoutATokenIsRefused() {
        assertThat(execute("serve", "--lake", dir.toString(), "--host", "0.0.0.0", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--host 0.0.0.0").contains("--token");
    }

    @Test
    void anAllowedHostWithAPortIsAUsageError() {
        assertThat(execute("serve", "--lake", dir.toString(), "--port", "0", "--allowed-host", "dash.example.org:80")).isEqualTo(2);
        assertThat(err.toString()).contains("--allowed-host 'dash.example.org:80'");
    }

    @Test
    void aPortThatIsNotOneIsAUsageError() {
        assertThat(execute("serve", "--lake", dir.toString(), "--port", "99999")).isEqualTo(2);
        assertThat(err.toString()).contains("99999");
    }

    @Test
    void aMemoryLimitTooSmallForDuckDbIsAUsageError() {
        assertThat(execute("serve", "--lake", dir.toString(), "--port", "0", "--memory-limit", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("--memory-limit must be at least 16 (MB): 8");
    }

    @Test
    void aMemoryLimitThatIsNotANumberIsAUsageError() {
        assertThat(execute("serve", "--lake", dir.toString(), "--port", "0", "--memory-limit", "1GB")).isEqualTo(2);
        assertThat(err.toString()).contains("--memory-limit").contains("1GB");
    }

    @Test
    void helpNamesTheOptions() {
        assertThat(execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--port").contains("--host").contains("--token").contains("--lake")
                .contains("--export-row-cap").contains("--max-concurrent-queries").contains("--allowed-host")
                .contains("BANKDATA_SERVE_ALLOWED_HOSTS").contains("--memory-limit=MB").contains("default: 512");
    }
}
