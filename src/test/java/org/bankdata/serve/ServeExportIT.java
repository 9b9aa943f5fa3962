package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV exports of {@code POST /api/sql} through real HTTP: cut at the export row cap, ended by the time
 * limit, streamed (memory stays flat however long the answer) and limited in number.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeExportIT {
    private static final long MB = 1_000_000;

    @TempDir
    static Path dir;

    private LakeLayout lake;

    @BeforeAll
    void publish() {
        lake = ServeHttp.tinyLake(dir.resolve("lake"));
    }

    /** What a client read from a streamed export: lines (or only their count and the last one), status, time. */
    record Read(int status, long lines, String first, String last, List<String> all, Duration took, String capHeader) {
    }

    private static Read export(DashboardServer server, String sql, boolean keepLines) {
        long started = System.nanoTime();
        HttpResponse<InputStream> r;
        try {
            r = ServeHttp.CLIENT.send(ServeHttp.sqlRequest(server, ServeHttp.sqlBody(sql, "csv"), "Content-Type",
                    "application/json"), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        long lines = 0;
        String first = null;
        String last = null;
        List<String> all = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                first = first == null ? line : first;
                last = line;
                lines++;
                if (keepLines) {
                    all.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Read(r.statusCode(), lines, first, last, all, Duration.ofNanos(System.nanoTime() - started),
                r.headers().firstValue(DashboardApi.EXPORT_ROW_CAP_HEADER).orElse(null));
    }

    @Test
    void anExportBeyondTheRowCapIsCutThereAndSaysSo() {
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0).withExportRowCap(1000))) {
            Read cut = export(s, "SELECT range AS n FROM range(5000)", true);
            assertThat(cut.status()).isEqualTo(200);
            assertThat(cut.capHeader()).isEqualTo("1000");
            assertThat(cut.all()).hasSize(1 + 1000 + 1);
            assertThat(cut.all().get(0)).isEqualTo("n");
            assertThat(cut.all().get(1000)).isEqualTo("999");
            assertThat(cut.last()).startsWith("#bankdata: truncated:").contains("row cap of 1000 rows").contains("--export-row-cap");
            // exactly the cap is complete: no marker
            Read exact = export(s, "SELECT range AS n FROM range(1000)", true);
            assertThat(exact.all()).hasSize(1001);
            assertThat(exact.last()).isEqualTo("999");
            // the SQL page's JSON answer names the export cap
            assertThat(ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 1", "json")).json().get("exportRowCap").asLong())
                    .isEqualTo(1000);
        }
    }

    @Test
    void anExportOverTheTimeLimitEndsWithinItAndSaysSo() {
        Duration limit = Duration.ofSeconds(2);
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0).withQueryTimeout(limit)
                .withExportRowCap(Long.MAX_VALUE))) {
            Read slow = export(s, "SELECT range AS n, md5(range::VARCHAR) AS h FROM range(1000000000000)", false);
            assertThat(slow.status()).isEqualTo(200);
            assertThat(slow.lines()).isGreaterThan(1000);
            assertThat(slow.last()).startsWith("#bankdata: error after ").contains("cancelled after the 2 s time limit");
            assertThat(slow.took()).isLessThan(limit.plusSeconds(5));
            // a query that runs out of time before its first row is an error status, with nothing streamed
            ServeHttp.Answer early = ServeHttp.postJson(s, ServeHttp.sqlBody(
                    "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", "csv"));
            assertThat(early.status()).isEqualTo(400);
            assertThat(early.json().get("message").asText()).contains("cancelled after the 2 s time limit");
        }
    }

    @Test
    void parallelBigExportsKeepMemoryFlatAndFinish() throws Exception {
        int parallel = 4;
        long cap = 5_000_000;
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0).withExportRowCap(cap)
                .withQueryTimeout(Duration.ofSeconds(60)).withMaxConcurrentQueries(parallel));
             MemoryWatch memory = new MemoryWatch()) {
            long started = System.nanoTime();
            List<CompletableFuture<Read>> exports = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                exports.add(CompletableFuture.supplyAsync(() -> export(s, "SELECT * FROM range(30000000)", false)));
            }
            for (CompletableFuture<Read> e : exports) {
                Read r = e.get(120, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.lines()).isEqualTo(1 + cap + 1);
                assertThat(r.last()).startsWith("#bankdata: truncated:");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("%d parallel exports of %,d rows: %.1f s, heap growth %d MB (after GC), RSS growth %d MB,"
                    + " outside the heap %d MB%n", parallel, cap, took.toMillis() / 1000.0, memory.heapGrowth() / MB,
                    memory.rssGrowth() / MB, memory.outsideHeapGrowth() / MB);
            assertThat(took).isLessThan(Duration.ofSeconds(90));
            assertThat(memory.heapGrowth()).as("heap growth").isLessThan(300 * MB);
            // before streaming, DuckDB built each whole answer in native memory first: 30M rows x 4 grew the process
            // by 1.3 GB outside the heap (the heap itself may grow towards -Xmx in a JVM shared with other tests)
            assertThat(memory.outsideHeapGrowth()).as("resident memory growth outside the heap").isLessThan(300 * MB);
        }
    }

    @Test
    void moreQueriesThanSlotsAreAnswered503WithRetryAfter() throws Exception {
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0).withMaxConcurrentQueries(1)
                .withExportRowCap(Long.MAX_VALUE))) {
            // an export whose client does not read: it holds the only slot once its headers have arrived
            HttpResponse<InputStream> hanging = ServeHttp.CLIENT.send(ServeHttp.sqlRequest(s,
                    ServeHttp.sqlBody("SELECT * FROM range(1000000000000)", "csv"), "Content-Type", "application/json"),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(hanging.statusCode()).isEqualTo(200);
            ServeHttp.Answer refused = ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 1", "json"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(DashboardApi.RETRY_AFTER_SECONDS));
            assertThat(refused.json().get("message").asText()).contains("--max-concurrent-queries");
            hanging.body().close();
            // the slot comes back once the export has ended (the client went away)
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status;
            do {
                Thread.sleep(100);
                status = ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 1", "json")).status();
            } while (status == 503 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
        }
    }
}
