package org.bankdata.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.config.PersonType;
import org.bankdata.bcb.replay.ReplayFaults;
import org.bankdata.errors.UsageException;
import java.time.Duration;
import org.bankdata.config.BankdataHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code bankdata replay}: serves the recorded fees API until stopped, e.g. to point another tool at it. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Serve the recorded BCB fees API (Olinda) over HTTP until interrupted.")
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8089", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--responses", paramLabel = "DIR", description = "Folder of recorded J_<cnpj>.json and F_<cnpj>.json responses"
            + " (default: the bundled data/bcb/fees-api/responses).")
    Path responses;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Answer every request after this delay (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--fault-rate", defaultValue = "0",
            description = "Share of requests (0..1) answered with a fault: 500, 503, 429 with Retry-After, a dropped"
                    + " connection, a truncated body, a slow answer, a body that stalls half way or no answer at all"
                    + " (default: ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--fault-seed", defaultValue = "1", description = "Seed of the fault choice: the same seed fails the same"
            + " requests (default: ${DEFAULT-VALUE}).")
    long faultSeed;

    @Option(names = "--fault-max-per-url", defaultValue = "2",
            description = "Faults at most per URL, so a client that retries gets the data (default: ${DEFAULT-VALUE}).")
    int faultMaxPerUrl;

    @Option(names = "--slow-ms", defaultValue = "5000", description = "How long a slow answer takes (default: ${DEFAULT-VALUE}).")
    int slowMs;

    @Option(names = "--stall-ms", defaultValue = "60000", description = "How long a stalled body or an unanswered"
            + " request keeps its connection open, sending nothing, before the replay drops it (default: ${DEFAULT-VALUE}).")
    int stallMs;

    @Mixin
    LakeOption lake;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = responses != null ? responses : BankdataHome.detect().bundledFeeResponses();
        if (latencyMs < 0 || slowMs < 0 || stallMs < 0) {
            throw new UsageException("--latency-ms, --slow-ms and --stall-ms must not be negative");
        }
        ReplayFaults faults = new ReplayFaults(faultRate, faultSeed, faultMaxPerUrl, 1, Duration.ofMillis(slowMs),
                Duration.ofMillis(stallMs));
        try (FeesReplayServer server = FeesReplayServer.start(dir, host, port, Duration.ofMillis(latencyMs), faults)) {
            spec.commandLine().getOut().println("serving " + server.institutions() + " recorded institutions at " + server.baseUrl());
            String example = new OlindaFeesApi(server.baseUrl()).pageUri(PersonType.J, "00000000", 5, 0).toString();
            spec.commandLine().getOut().println("try: curl '" + example.replace("'", "%27") + "'");
            spec.commandLine().getOut().println("stop with Ctrl-C");
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
