package org.bankdata.bcb.fees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawLanding;
import org.bankdata.config.HttpPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.bcb.replay.ReplayFaults;
import org.bankdata.config.PersonType;

/**
 * The replay injects 500, 503, 429 with Retry-After, connection resets, truncated bodies, slow answers, bodies that
 * stall half way and requests never answered on 30% of requests (seeded, so the same requests fail every time);
 * the extraction must land exactly what a fault-free one lands, and count its retries. Waits are milliseconds
 * (a 1 s deadline, stalls held 30 s) so the test stays fast.
 */
@Timeout(120)
class FeesFaultIT {
    private static final ReplayFaults FAULTS = new ReplayFaults(0.3, 20261124L, 2, 1, Duration.ofMillis(2000),
            Duration.ofSeconds(30));
    /** A 1 s deadline: well past a fault-free answer on a busy machine, well short of a slow (2 s) or stalled (30 s) one. */
    private static final HttpPolicy FAST = new HttpPolicy(Duration.ofSeconds(1), 6, Duration.ofMillis(5), Duration.ofMillis(50),
            Duration.ofMillis(50), Duration.ofMillis(100), 0);

    @TempDir
    Path work;

    private static List<String> cnpjs() {
        List<String> cnpjs = new ArrayList<>(RawBcbFiles.feeResponseFiles().stream().map(RawBcbFiles::feeFileCnpj8).toList());
        cnpjs.add("00000001");
        return cnpjs;
    }

    private FeesExtraction extract(FeesReplayServer server, Path lake) {
        return extract(server, lake, 10);
    }

    private FeesExtraction extract(FeesReplayServer server, Path lake, int pageSize) {
        LakeLayout layout = new LakeLayout(lake);
        return new FeesExtractor(new OlindaFeesApi(server.baseUrl()), pageSize, 4, FAST).extract(cnpjs(), List.of(PersonType.J),
                RefreshPolicy.MISSING, new FeeAnswerStore(layout, "replay"), new RawLanding(layout, "R1"), "R1", null);
    }

    /** Landed bytes by page (person type, CNPJ, offset), independent of where and when they were landed. */
    private static Map<String, String> landed(Path lake, FeesExtraction extraction) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        for (FeePage page : extraction.pages()) {
            pages.put(page.personType() + "_" + page.cnpj8() + "_" + page.skip(), Files.readString(lake.resolve(page.storedAs())));
        }
        return pages;
    }

    @Test
    void faultsOnThirtyPercentOfRequestsLandExactlyWhatAFaultFreeRunLands() throws IOException {
        Path cleanLake = work.resolve("clean");
        Path faultyLake = work.resolve("faulty");
        FeesExtraction clean;
        try (FeesReplayServer server = FeesReplayServer.start(BundledData.feeResponses())) {
            clean = extract(server, cleanLake);
        }
        FeesExtraction faulty;
        long faults;
        long requests;
        Map<ReplayFaults.Kind, Long> byKind;
        FeesReplayServer server = FeesReplayServer.start(BundledData.feeResponses(), "127.0.0.1", 0, Duration.ZERO, FAULTS);
        try {
            long t0 = System.nanoTime();
            faulty = extract(server, faultyLake);
            // each stall costs one 1 s deadline, not the 30 s the replay holds the connection
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
            faults = server.faultCount();
            requests = server.requestCount();
            byKind = server.faultsByKind();
        } finally {
            long t0 = System.nanoTime();
            server.close();
            // stalled connections are dropped at once, and no replay thread outlives the server
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        }
        assertThat(server.heldConnections()).isZero();
        assertThat(replayThreadsAfter(Duration.ofSeconds(5))).isEmpty();

        assertThat(clean.retries()).isZero();
        assertThat(landed(faultyLake, faulty)).isEqualTo(landed(cleanLake, clean));
        assertThat(faulty.pages()).hasSameSizeAs(clean.pages()).hasSizeGreaterThan(200);
        // about 30% of first attempts fail (every fault kind among them), and every failure was retried
        assertThat(faults).isBetween((long) (0.2 * clean.requests()), (long) (0.4 * clean.requests()));
        assertThat(faulty.requests()).isEqualTo(requests).isEqualTo(clean.requests() + faults);
        assertThat(faulty.retries()).isGreaterThanOrEqualTo(faults);
        assertThat(faulty.describe()).contains(faulty.retries() + " retry(ies)");
        assertThat(byKind).containsOnlyKeys(ReplayFaults.Kind.values());
        assertThat(byKind.get(ReplayFaults.Kind.STALLED_BODY) + byKind.get(ReplayFaults.Kind.NO_ANSWER)).isGreaterThanOrEqualTo(5);
        assertThat(faulty.skipped()).isEmpty();
    }

    /** Names of live threads of a replay, once they had up to {@code wait} to end. */
    private static List<String> replayThreadsAfter(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("fees-replay")).toList();
            if (alive.isEmpty()) {
                return alive;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive;
            }
        } while (System.nanoTime() < end);
        return alive;
    }

    @Test
    void theSameSeedFailsTheSameRequests() {
        try (FeesReplayServer a = FeesReplayServer.start(BundledData.feeResponses(), "127.0.0.1", 0, Duration.ZERO, FAULTS);
                FeesReplayServer b = FeesReplayServer.start(BundledData.feeResponses(), "127.0.0.1", 0, Duration.ZERO, FAULTS)) {
            extract(a, work.resolve("a"), 100);
            extract(b, work.resolve("b"), 100);
            assertThat(a.faultCount()).isPositive().isEqualTo(b.faultCount());
            assertThat(a.faultsByKind()).isEqualTo(b.faultsByKind());
        }
    }

    @Test
    void everyFaultKindIsInjected() {
        ReplayFaults.Plan plan = new ReplayFaults(0.3, 1L, 2, 1, Duration.ZERO).plan();
        Map<ReplayFaults.Kind, Integer> seen = new TreeMap<>();
        int failed = 0;
        for (int i = 0; i < 2000; i++) {
            ReplayFaults.Kind kind = plan.next("/x?$skip=" + i);
            if (kind != null) {
                failed++;
                seen.merge(kind, 1, Integer::sum);
            }
        }
        assertThat(seen).containsOnlyKeys(ReplayFaults.Kind.values());
        assertThat(failed).isBetween(500, 700);
        // a URL fails at most maxPerUrl times, then always answers
        ReplayFaults.Plan always = new ReplayFaults(1.0, 1L, 2, 1, Duration.ZERO).plan();
        assertThat(always.next("/y")).isNotNull();
        assertThat(always.next("/y")).isNotNull();
        assertThat(always.next("/y")).isNull();
    }

    @Test
    void aServerDownForGoodFailsClearlyWithinTheRetryBudgetAndRecordsNothing() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OlindaFeesApi down = new OlindaFeesApi(URI.create("http://127.0.0.1:" + port + FeesReplayServer.BASE_PATH));
        LakeLayout layout = new LakeLayout(work.resolve("down"));
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> new FeesExtractor(down, 10, 4, FAST).extract(cnpjs(), List.of(PersonType.J), RefreshPolicy.MISSING,
                new FeeAnswerStore(layout, "replay"), new RawLanding(layout, "R1"), "R1", null))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:" + port + FeesReplayServer.BASE_PATH)
                .hasMessageContaining("connection refused")
                .hasMessageContaining("--api-url");

        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
        assertThat(new FeeAnswerStore(layout, "replay").isEmpty()).isTrue();
    }
}
