package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.bankdata.cli.InProcessCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --history} on every verb that reads or writes the run history: refused forms, an unreachable server. */
class HistoryOptionTest {
    @TempDir
    Path dir;

    @Test
    void aValueOfNoAcceptedFormIsOneLineAndExit2OnEveryVerb() {
        String lake = dir.resolve("lake").toString();
        for (String[] args : new String[][] {{"runs"}, {"runs", "show", "r1"}, {"run", "--quiet"}, {"job", "extract_banks",
                "--run", "r1"}, {"serve", "--port", "0"}}) {
            String[] full = concat(args, "--lake", lake, "--history", "mysql://db.example/bankdata");
            Result r = InProcessCli.bankdata(full);
            assertThat(r.exit()).as(String.join(" ", full) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElseThrow()).isEqualTo("error: Invalid value for option '--history':"
                    + " --history mysql://db.example/bankdata is neither a SQLite file nor a Postgres database; give a SQLite"
                    + " file path (e.g. ./history.db) or a Postgres URL jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
    }

    @Test
    void anUnreachablePostgresIsOneLineNamingServerAndDatabaseAndExit1() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Result r = InProcessCli.bankdata("runs", "--lake", dir.resolve("lake").toString(), "--history",
                "jdbc:postgresql://127.0.0.1:" + closed + "/history");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("error: cannot reach the run history's Postgres database history at 127.0.0.1:" + closed + " (")
                .endsWith("); start the server, or fix --history (env BANKDATA_HISTORY)")
                .doesNotContain("Exception");
    }

    @Test
    void withoutItTheLakesOwnFileIsTheHistory() {
        Result r = InProcessCli.bankdata("runs", "--lake", dir.resolve("lake").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: no run is recorded in lake " + dir.resolve("lake") + " yet");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
