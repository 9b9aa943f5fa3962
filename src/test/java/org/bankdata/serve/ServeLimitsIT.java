package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
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
 * The server's limits hold against clients and queries that try to outlast them, measured through real HTTP
 * on 127.0.0.1 and DuckDB: a query ends within the time limit whatever it computes, memory stays bounded,
 * an export whose client stops reading gives its slot back, slow senders do not stop {@code /health}, and an
 * oversized body is refused before it is sent. Timings are on a shared machine, hence the margins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeLimitsIT {
    private static final long MB = 1_000_000;
    /** Slack over a limit for a loaded, shared machine. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    @TempDir
    static Path dir;

    private LakeLayout lake;

    @BeforeAll
    void publish() {
        lake = ServeHttp.tinyLake(dir.resolve("lake"));
    }

    @Test
    void everyQueryEndsWithinTheTimeLimitAndMemoryStaysBounded() throws Exception {
        Duration limit = Duration.ofSeconds(2);
        List<String> heavy = List.of(
                // one call building a 3 GB value: DuckDB cannot cancel inside it, nor does its memory limit count it
                "SELECT length(repeat('xy', 1500000000))",
                // a sort of more than the memory limit (spills), a huge hash aggregate, a huge cross product
                "SELECT md5(range::VARCHAR) AS h FROM range(300000000) ORDER BY h",
                "SELECT count(DISTINCT md5(range::VARCHAR)) FROM range(1000000000)",
                "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b");
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0).withQueryTimeout(limit));
             MemoryWatch memory = new MemoryWatch()) {
            warmUp(s);
            List<CompletableFuture<long[]>> runs = new ArrayList<>();
            for (String sql : heavy) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    ServeHttp.Answer a = ServeHttp.postJson(s, ServeHttp.sqlBody(sql, "json"));
                    return new long[] {a.status(), (System.nanoTime() - started) / 1_000_000};
                }));
            }
            for (int i = 0; i < heavy.size(); i++) {
                long[] r = runs.get(i).get(120, TimeUnit.SECONDS);
                System.out.printf("%s: status %d after %d ms%n", heavy.get(i), r[0], r[1]);
                assertThat(r[0]).as(heavy.get(i)).isEqualTo(400);
                assertThat(r[1]).as(heavy.get(i) + " (ms)").isLessThan(limit.plus(MARGIN).toMillis());
            }
            System.out.printf("RSS growth %d MB, outside the heap %d MB%n", memory.rssGrowth() / MB,
                    memory.outsideHeapGrowth() / MB);
            // DuckDB's memory limit is 512 MB for the whole database; the rest is the JVM's own
            assertThat(memory.outsideHeapGrowth()).as("resident memory growth outside the heap").isLessThan(900 * MB);
            assertThat(ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 42", "json")).status()).isEqualTo(200);
        }
    }

    @Test
    void exportsWhoseClientsStopReadingGiveTheirSlotsBack() throws Exception {
        Duration limit = ServeConfig.DEFAULT_QUERY_TIMEOUT; // 10 s, as served by default
        int slots = 4;
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0).withQueryTimeout(limit)
                .withMaxConcurrentQueries(slots).withExportRowCap(Long.MAX_VALUE))) {
            warmUp(s);
            // rows of about 800 bytes: the socket's buffers fill within the time limit and the export's writes block
            String text = "'" + "x".repeat(200) + "'";
            String wideRows = "SELECT range AS n, " + text + " AS a, " + text + " AS b, " + text + " AS c, " + text
                    + " AS d FROM range(1000000000000)";
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < slots; i++) {
                    Socket socket = new Socket();
                    socket.setReceiveBufferSize(4096);
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()));
                    send(socket, post(s, ServeHttp.sqlBody(wideRows, "csv")));
                    stalled.add(socket); // never read
                }
                long started = System.nanoTime();
                Thread.sleep(500);
                assertThat(ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 1", "json")).status())
                        .as("every slot is taken by a stalled export").isEqualTo(503);
                int status;
                do {
                    Thread.sleep(200);
                    status = ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 1", "json")).status();
                } while (status == 503 && System.nanoTime() - started < Duration.ofSeconds(60).toNanos());
                Duration freed = Duration.ofNanos(System.nanoTime() - started);
                System.out.printf("slots of %d stalled exports free after %d ms%n", slots, freed.toMillis());
                assertThat(status).isEqualTo(200);
                assertThat(freed).isLessThan(limit.plus(BoundedQuery.STALLED_CLIENT_GRACE).plus(MARGIN));
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void slowSendersDoNotStopHealth() throws Exception {
        int slowBodies = 300;
        int connections = slowBodies + 100;
        Duration attack = Duration.ofSeconds(15);
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0))) {
            warmUp(s);
            List<Socket> slow = new ArrayList<>();
            List<byte[]> rest = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket socket = new Socket("127.0.0.1", s.port());
                    String body = ServeHttp.sqlBody("SELECT " + i, "json");
                    String request = post(s, body);
                    // 300 send a whole head and then the body a byte at a time; 100 send even the head so
                    int sent = i < slowBodies ? request.length() - body.length() + 1 : 1;
                    socket.getOutputStream().write(request.substring(0, sent).getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                    rest.add(request.substring(sent).getBytes(StandardCharsets.US_ASCII));
                }
                long started = System.nanoTime();
                long nextByte = started + Duration.ofSeconds(5).toNanos();
                int[] offset = new int[connections];
                long worstHealthMs = 0;
                int healthChecks = 0;
                while (System.nanoTime() - started < attack.toNanos()) {
                    long t = System.nanoTime();
                    ServeHttp.Answer health = ServeHttp.send(HttpRequest.newBuilder(URI.create(s.url() + "health"))
                            .timeout(Duration.ofSeconds(30)).GET().build());
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    assertThat(health.status()).isEqualTo(200);
                    worstHealthMs = Math.max(worstHealthMs, ms);
                    healthChecks++;
                    if (System.nanoTime() > nextByte) {
                        for (int i = 0; i < connections; i++) {
                            trickle(slow.get(i), rest.get(i), offset, i);
                        }
                        nextByte += Duration.ofSeconds(5).toNanos();
                    }
                    Thread.sleep(250);
                }
                ServeHttp.Answer query = ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 42 AS n", "json"));
                System.out.printf("%d slow connections for %d s: %d /health checks, slowest %d ms%n", connections,
                        attack.toSeconds(), healthChecks, worstHealthMs);
                assertThat(worstHealthMs).as("slowest /health answer (ms)").isLessThan(2000);
                assertThat(query.status()).as(query.body()).isEqualTo(200);
                // by now the server has dropped every slow sender (head deadline, body rate, idle time)
                int closed = 0;
                for (Socket socket : slow) {
                    closed += closedByServer(socket) ? 1 : 0;
                }
                assertThat(closed).as("slow connections the server closed").isEqualTo(connections);
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(lake, 0));
             Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(20_000);
            long started = System.nanoTime();
            send(socket, "POST /api/sql HTTP/1.1\r\nHost: 127.0.0.1:" + s.port() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 999999999\r\n\r\n{\"sql\": ");
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("413 after %d ms%n", ms);
            assertThat(head).isEqualTo("HTTP/1.1 413");
            assertThat(ms).isLessThan(MARGIN.toMillis());
        }
    }

    /** One query first, so that opening the published tables in DuckDB is not counted in what is measured. */
    private static void warmUp(DashboardServer s) {
        assertThat(ServeHttp.postJson(s, ServeHttp.sqlBody("SELECT 1", "json")).status()).isEqualTo(200);
    }

    private static String post(DashboardServer s, String body) {
        return "POST /api/sql HTTP/1.1\r\nHost: 127.0.0.1:" + s.port() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.US_ASCII).length + "\r\n\r\n" + body;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends the next byte of what {@code socket} has left to send, if the server still listens. */
    private static void trickle(Socket socket, byte[] rest, int[] offset, int i) {
        if (offset[i] >= rest.length) {
            return;
        }
        try {
            socket.getOutputStream().write(rest[offset[i]++]);
        } catch (IOException e) {
            offset[i] = rest.length; // closed by the server
        }
    }

    /** Whether the server has closed {@code socket} (after any answer it sent). */
    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain an answer such as 408 or 503
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
