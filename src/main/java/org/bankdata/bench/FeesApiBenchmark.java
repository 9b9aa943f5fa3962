package org.bankdata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawLanding;
import org.bankdata.config.HttpPolicy;
import org.bankdata.bcb.fees.FeeAnswerStore;
import org.bankdata.bcb.fees.FeesExtraction;
import org.bankdata.bcb.fees.FeesExtractor;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.bcb.replay.ReplayFaults;
import org.bankdata.config.PersonType;

/**
 * Measures fees extraction throughput: a replay answering every request after a fixed latency serves
 * {@code institutions} synthetic institutions (the bundled recordings, cycled), and the real extractor fetches
 * them all (one page each) at each concurrency, into a fresh lake each time. Ideal throughput is concurrency ÷
 * latency, or the rate limit when that is lower.
 */
public final class FeesApiBenchmark {
    /** One measured setting. */
    public record Result(int concurrency, double rateLimit, long requests, double medianSeconds, double medianRequestsPerSecond,
            double idealRequestsPerSecond) {
        public double ratio() {
            return medianRequestsPerSecond / idealRequestsPerSecond;
        }
    }

    private final Path recordings;
    private final int institutions;
    private final Duration latency;

    public FeesApiBenchmark(Path recordings, int institutions, Duration latency) {
        this.recordings = recordings;
        this.institutions = institutions;
        this.latency = latency;
    }

    public Result measure(int concurrency, double rate, int runs) {
        Path work = null;
        try {
            work = Files.createTempDirectory("bankdata-bench-api");
            Path responses = Files.createDirectories(work.resolve("responses"));
            List<String> cnpjs = synthesize(responses);
            List<Double> seconds = new ArrayList<>();
            long requests = 0;
            HttpPolicy policy = HttpPolicy.defaults().withRate(rate);
            try (FeesReplayServer replay = FeesReplayServer.start(responses, "127.0.0.1", 0, latency, ReplayFaults.NONE)) {
                for (int run = 0; run < runs; run++) {
                    LakeLayout lake = new LakeLayout(work.resolve("lake-" + run));
                    FeesExtraction extraction = new FeesExtractor(new OlindaFeesApi(replay.baseUrl()), 100, concurrency, policy)
                            .extract(cnpjs, List.of(PersonType.J), RefreshPolicy.ALWAYS, new FeeAnswerStore(lake, "bench"),
                                    new RawLanding(lake, "bench-" + run), "bench-" + run, null);
                    seconds.add(extraction.seconds());
                    requests = extraction.requests();
                }
            }
            double median = median(seconds);
            double ideal = concurrency / (latency.toNanos() / 1e9);
            if (rate > 0) {
                ideal = Math.min(ideal, rate);
            }
            return new Result(concurrency, rate, requests, median, requests / median, ideal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(work);
        }
    }

    /** Writes {@code institutions} recordings named after synthetic CNPJ roots 90000000, 90000001, ... */
    private List<String> synthesize(Path responses) throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(recordings)) {
            sources = files.filter(p -> p.getFileName().toString().matches("J_[0-9]{8}\\.json")).sorted().toList();
        }
        if (sources.isEmpty()) {
            throw new IllegalStateException("no J_<cnpj8>.json recordings in " + recordings);
        }
        List<String> cnpjs = new ArrayList<>();
        for (int i = 0; i < institutions; i++) {
            String cnpj8 = String.format("%08d", 90_000_000 + i);
            Files.copy(sources.get(i % sources.size()), responses.resolve("J_" + cnpj8 + ".json"));
            cnpjs.add(cnpj8);
        }
        return cnpjs;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
