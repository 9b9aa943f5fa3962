package org.bankdata.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bankdata.bench.FeesApiBenchmark;
import org.bankdata.config.BankdataHome;
import org.bankdata.errors.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata bench-api}: fees extraction throughput against a replay with a fixed latency, on 127.0.0.1. */
@Command(name = "bench-api", mixinStandardHelpOptions = true,
        description = "Measure fees extraction requests/s against a local replay that answers after a fixed latency,"
                + " at several concurrencies; prints a Markdown table (scripts/bench-api.py writes it to docs/PERFORMANCE.md).")
public final class BenchApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--institutions", defaultValue = "400", description = "Synthetic institutions, one page each (default: ${DEFAULT-VALUE}).")
    int institutions;

    @Option(names = "--latency-ms", defaultValue = "50", description = "Server latency per request (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--concurrency", defaultValue = "1,4,16", split = ",",
            description = "Concurrencies to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(names = "--rate", defaultValue = "0", description = "Client-side rate limit in requests/s; 0 = none (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--also-limited", defaultValue = "100",
            description = "Also measure the highest concurrency under this rate limit, to show the limit holds; 0 = skip"
                    + " (default: ${DEFAULT-VALUE}).")
    double alsoLimited;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per setting; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--responses", paramLabel = "DIR", description = "Recordings to cycle (default: the bundled ones).")
    Path responses;

    @Override
    public Integer call() {
        if (institutions < 1 || latencyMs < 1 || runs < 1 || concurrency.stream().anyMatch(c -> c < 1 || c > 256)) {
            throw new UsageException("--institutions, --latency-ms, --runs must be positive and --concurrency between 1 and 256");
        }
        Path dir = responses != null ? responses : BankdataHome.detect().bundledFeeResponses();
        FeesApiBenchmark bench = new FeesApiBenchmark(dir, institutions, Duration.ofMillis(latencyMs));
        PrintWriter out = spec.commandLine().getOut();
        out.println("| concurrency | rate limit (req/s) | requests | median time (s) | median req/s | ideal req/s | ratio |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int c : concurrency) {
            print(out, bench.measure(c, rate, runs));
        }
        if (alsoLimited > 0) {
            print(out, bench.measure(concurrency.stream().mapToInt(Integer::intValue).max().orElse(1), alsoLimited, runs));
        }
        return 0;
    }

    private static void print(PrintWriter out, FeesApiBenchmark.Result r) {
        out.printf(Locale.ROOT, "| %d | %s | %d | %.2f | %.1f | %.1f | %.0f%% |%n", r.concurrency(),
                r.rateLimit() > 0 ? String.format(Locale.ROOT, "%.0f", r.rateLimit()) : "none", r.requests(), r.medianSeconds(),
                r.medianRequestsPerSecond(), r.idealRequestsPerSecond(), 100 * r.ratio());
        out.flush();
    }
}
