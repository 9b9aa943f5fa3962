package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.S3Settings;
import org.bankdata.history.HistoryStore;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.RefusingProxy;
import org.bankdata.lake.S3TestServer;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.query.TinyLake;
import org.bankdata.serve.ServeHttp.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard never waits for a publish: a new release is copied from S3 and loaded beside the one being served and
 * swapped in when ready. The lake is on S3 (S3Proxy on 127.0.0.1) behind a proxy that answers every GET 200 ms late,
 * so preparing a release (the pointer and twelve table files) takes over 2.6 s, longer than the 1 s query time limit
 * the dashboard is given: a request that waited for a preparation would be slower than the limit. The releases are
 * the hand-made tables of {@link TinyLake} (Delta first with 100 complaints), published again under a new run id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServePublishSwapIT {
    private static final Duration QUERY_LIMIT = Duration.ofSeconds(1);
    private static final long GET_DELAY_MILLIS = 200;
    private static final List<String> CHARTS = List.of("top-complaints", "top-free-services", "complaint-index",
            "services-vs-complaints");

    @TempDir
    static Path work;

    private S3TestServer server;
    private RefusingProxy slow;
    private Snapshot tiny;

    @BeforeAll
    void start() throws Exception {
        server = S3TestServer.shared();
        slow = RefusingProxy.to(server.port());
        tiny = new SnapshotStore(ServeHttp.tinyLake(work.resolve("tiny"))).require();
    }

    @AfterAll
    void stop() throws IOException {
        if (slow != null) {
            slow.close();
        }
    }

    @Test
    void chartsAreAnsweredWithinTheQueryLimitAndWithoutErrorWhileTenReleasesArePublished() throws Exception {
        LakeLocation lake = newS3Lake();
        try (LakeSite publisher = LakeSite.open(lake, server.settings(), work.resolve("publisher"));
             DashboardServer dashboard = slowDashboard(lake)) {
            publish(publisher, "release-00", null);
            awaitServed(dashboard, "release-00");
            slow.delayGets(GET_DELAY_MILLIS);

            Client client = new Client(dashboard);
            Thread requests = new Thread(client::run, "chart-requests");
            requests.start();
            long t0 = System.nanoTime();
            String previous = "release-00";
            for (int i = 1; i <= 10; i++) {
                String release = String.format("release-%02d", i);
                publish(publisher, release, previous);
                awaitServed(dashboard, release);
                previous = release;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the client's next request after the last swap: on a loaded machine it may come a moment after the swap
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!client.served.contains(previous) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            client.stop.set(true);
            requests.join(30_000);

            assertThat(client.errors).as("errors").isEmpty();
            assertThat(client.latencies.size()).as("chart requests answered during the publishes").isGreaterThan(50);
            long slowest = Collections.max(client.latencies);
            System.out.printf("%d chart requests during 10 publishes in %.1f s, slowest %d ms%n",
                    client.latencies.size(), seconds, slowest / 1_000_000);
            assertThat(slowest).as("slowest request (ns)").isLessThan(QUERY_LIMIT.toNanos());
            assertThat(client.served).as("releases the charts were answered from").contains("release-00", "release-10")
                    .hasSizeGreaterThan(5);
            assertThat(runId(dashboard, "/api/charts/top-complaints")).isEqualTo("release-10");
        }
    }

    @Test
    void aPointerThatCannotBeReadOnS3LeavesTheServedReleaseAndIsReadAgainAfterADelayNotByEveryRequest() throws Exception {
        LakeLocation lake = newS3Lake();
        try (LakeSite publisher = LakeSite.open(lake, server.settings(), work.resolve("publisher-bad"));
             DashboardServer dashboard = slowDashboard(lake)) {
            slow.delayGets(0);
            publish(publisher, "good", null);
            awaitServed(dashboard, "good");
            byte[] good = server.objectBytes(lake.resolve(LakeLayout.SNAPSHOT));
            server.putObject(lake.resolve(LakeLayout.SNAPSHOT), "{ not a release".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(2_500); // past the polling interval: the next request looks again
            int before = pointerReads(lake);

            List<String> answered = answerForThreeSeconds(dashboard);

            assertThat(answered).as("answered from the release served before").isNotEmpty().containsOnly("good");
            int reads = pointerReads(lake) - before;
            assertThat(reads).as("pointer reads during %d requests over 3 s", answered.size()).isBetween(1, 3);

            server.putObject(lake.resolve(LakeLayout.SNAPSHOT), renamed(good, "after"));
            awaitServed(dashboard, "after");
        }
    }

    @Test
    void aPointerThatCannotBeReadOnALocalLakeLeavesTheServedReleaseAsOnS3() throws Exception {
        LakeLayout layout = ServeHttp.tinyLake(work.resolve("local"));
        Path pointer = layout.snapshotFile();
        byte[] good = Files.readAllBytes(pointer);
        try (DashboardServer dashboard = DashboardServer.start(ServeConfig.local(layout, 0).withQueryTimeout(QUERY_LIMIT))) {
            awaitServed(dashboard, TinyLake.RUN_ID);
            Files.writeString(pointer, "{ not a release");

            List<String> answered = answerForThreeSeconds(dashboard);

            assertThat(answered).as("answered from the release served before").isNotEmpty().containsOnly(TinyLake.RUN_ID);
            Files.write(pointer, renamed(good, "fixed"));
            awaitServed(dashboard, "fixed");
        }
    }

    private LakeLocation newS3Lake() throws IOException {
        LakeLocation lake = server.newLake("swap/bankdata");
        for (PublishedTable table : tiny.tables().values()) {
            for (String file : table.files()) {
                server.putObject(lake.resolve(file), Files.readAllBytes(work.resolve("tiny").resolve(file)));
            }
        }
        return lake;
    }

    /** A dashboard reading {@code lake} through the slow proxy, with the 1 s query limit. */
    private DashboardServer slowDashboard(LakeLocation lake) {
        S3Settings throughProxy = S3Settings.read(S3TestServer.awsEnvironment(slow.endpoint()), Map.of());
        LakeSite site = LakeSite.open(lake, throughProxy, work.resolve("dashboard-" + lake.bucket()));
        return DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0).withQueryTimeout(QUERY_LIMIT), site,
                HistoryStore.reader(site, null));
    }

    private void publish(LakeSite publisher, String runId, String base) {
        publisher.snapshots().publish(new Snapshot(runId, Instant.now(), tiny.tables(), base));
    }

    /** The release record {@code pointer} held, under another run id (written over a pointer that cannot be read). */
    private static byte[] renamed(byte[] pointer, String runId) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode record =
                (com.fasterxml.jackson.databind.node.ObjectNode) ServeHttp.JSON.readTree(pointer);
        record.put("runId", runId);
        return ServeHttp.JSON.writeValueAsBytes(record);
    }

    private int pointerReads(LakeLocation lake) {
        return (int) slow.gets().stream().filter(path -> path.endsWith("/" + LakeLayout.SNAPSHOT)).count();
    }

    /** Asks for the top-complaints chart for three seconds; the run each answer came from. */
    private static List<String> answerForThreeSeconds(DashboardServer dashboard) throws Exception {
        List<String> runs = new ArrayList<>();
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            runs.add(runId(dashboard, "/api/charts/top-complaints"));
            Thread.sleep(20);
        }
        return runs;
    }

    private static String runId(DashboardServer dashboard, String path) {
        Answer answer = get(dashboard, path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("runId").asText();
    }

    private static void awaitServed(DashboardServer dashboard, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String served = null;
        while (System.nanoTime() < deadline) {
            Answer tables = get(dashboard, "/api/tables");
            served = tables.status() == 200 ? tables.json().get("runId").asText() : tables.body();
            if (runId.equals(served)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the dashboard still serves " + served + ", not " + runId);
    }

    private static Answer get(DashboardServer dashboard, String path) {
        return ServeHttp.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(30)).build());
    }

    /** Requests the charts one after another until stopped; keeps each one's time, any error, the releases seen. */
    private static final class Client {
        final DashboardServer dashboard;
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final java.util.Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Client(DashboardServer dashboard) {
            this.dashboard = dashboard;
        }

        void run() {
            int i = 0;
            while (!stop.get()) {
                String chart = CHARTS.get(i++ % CHARTS.size());
                long t0 = System.nanoTime();
                try {
                    Answer answer = get(dashboard, "/api/charts/" + chart);
                    latencies.add(System.nanoTime() - t0);
                    if (answer.status() != 200) {
                        errors.add(chart + ": " + answer.status() + " " + answer.body());
                        continue;
                    }
                    JsonNode body = answer.json();
                    served.add(body.get("runId").asText());
                    if (chart.equals("top-complaints")) {
                        JsonNode first = body.get("rows").get(0);
                        if (!first.toString().contains("\"Delta\"") || !first.toString().contains("100")) {
                            errors.add("top-complaints: first row " + first + ", not Delta with 100");
                        }
                    }
                } catch (RuntimeException | AssertionError e) {
                    errors.add(chart + ": " + e);
                }
            }
        }
    }
}
