package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.bcb.complaints.ComplaintsReplay;
import org.bankdata.query.TinyLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures as a user meets them, through the real command line in this JVM (no Spark): what reaches stderr,
 * from the command and from every logger, is in the user's words. No Java exception or package name, no
 * {@code WARN }/{@code ERROR } logger prefix, no stack trace.
 */
@Timeout(120)
class UserFacingErrorsTest {
    @TempDir
    Path dir;

    /** One scenario: exit code, the command's stderr and what loggers wrote to the process's stderr meanwhile. */
    private record Seen(String[] args, int exit, String err, String logged) {
        String all() {
            return err + logged;
        }
    }

    private static Seen bankdata(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            InProcessCli.Result r = InProcessCli.bankdata(args);
            return new Seen(args, r.exit(), r.err(), logged.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static void assertInUserWords(Seen seen) {
        String what = String.join(" ", seen.args()) + " →\n" + seen.all();
        assertThat(seen.all()).as(what).isNotBlank()
                .doesNotContain("Exception")
                .doesNotContainPattern("\\b(?:java|javax|org|io|com|scala|jdk|sun)\\.[a-z]")
                .doesNotContainPattern("(?m)(?:^|\\s)(?:WARN|ERROR|INFO|DEBUG) ")
                .doesNotContainPattern("\\n\\s+at [\\w.$]+\\(");
        assertThat(seen.err()).as(what).startsWith("error: ");
    }

    @Test
    void failuresReachTheUserInTheirWords() throws Exception {
        Path file = Files.writeString(dir.resolve("lake-file"), "not a lake");
        Path tiny = dir.resolve("tiny");
        TinyLake.publish(tiny);
        Path served = Files.createDirectories(dir.resolve("served"));
        Files.writeString(served.resolve("2022_tri_01.csv"), "<!DOCTYPE html><html><body>Erro 500</body></html>");
        Path notADatabase = Files.createDirectories(dir.resolve("corrupt/runs"));
        Files.writeString(notADatabase.resolve("history.db"), "not a database");

        List<Seen> seen = new ArrayList<>();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ComplaintsReplay bcb = new ComplaintsReplay(served, 0);
             ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int refusing = closed.getLocalPort();
            closed.close();
            seen.add(bankdata("report", "--lake", tiny.toString(), "--to", "9999Q4"));
            seen.add(bankdata("query", "--lake", tiny.toString(), "--from", "0000Q1", "SELECT 1"));
            seen.add(bankdata("serve", "--lake", tiny.toString(), "--port", Integer.toString(busy.getLocalPort())));
            seen.add(bankdata("runs", "--lake", file.toString()));
            seen.add(bankdata("runs", "--lake", dir.resolve("corrupt").toString()));
            seen.add(bankdata("query", "--lake", tiny.toString(), "SELEC 1"));
            seen.add(bankdata("fetch-complaints", "--from", "2022Q1", "--to", "2022Q1", "--into", dir.resolve("in").toString(),
                    "--complaints-url", bcb.base().toString(), "--retries", "0"));
            seen.add(bankdata("fetch-complaints", "--from", "2022Q1", "--to", "2022Q1", "--complaints-url", "http://a b"));
            seen.add(bankdata("run", "--api-url", "http://127.0.0.1:" + refusing + "/odata", "--api-retries", "0",
                    "--lake", dir.resolve("lake").toString(), "--quiet"));
        }

        seen.forEach(UserFacingErrorsTest::assertInUserWords);
        assertThat(seen).extracting(Seen::exit).containsExactly(2, 2, 1, 2, 1, 1, 1, 2, 1);
        assertThat(seen.get(2).all()).isEqualTo("error: port " + seen.get(2).args()[4] + " on 127.0.0.1 is already in use;"
                + " choose another with --port\n");
        assertThat(seen.get(6).err()).contains("HTML page instead of a CSV");
        assertThat(seen.get(7).err()).contains("http://a b").doesNotContain("URISyntax");
        assertThat(seen.get(8).err()).contains("connection refused");
    }
    @Test
    void aHistoryThatIsNotADatabaseIsOneLineSayingSo() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");

        Seen runs = bankdata("runs", "--lake", dir.resolve("lake").toString(), "--history", passwd.toString());

        assertInUserWords(runs);
        assertThat(runs.exit()).isEqualTo(1);
        assertThat(runs.all()).isEqualTo("error: " + passwd + " is not a run history database (it is not a SQLite file);"
                + " name the right file with --history, or move this one away\n");
    }

    @Test
    void aRoleNameWithQuotesIsOneUsageLineSayingWhatARoleNameMayBe() {
        Seen export = bankdata("export", "postgres", "--url", "jdbc:postgresql://127.0.0.1:1/db", "--grant-to",
                "bi_reader,x\"; DROP TABLE t; --", "--lake", dir.resolve("lake").toString());

        assertInUserWords(export);
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.all()).isEqualTo("error: --grant-to x\"; DROP TABLE t; -- is not a role name: a role name here is"
                + " lower_snake_case (a-z, 0-9 and _, not starting with a digit), e.g. bi_reader\n");
    }
}
