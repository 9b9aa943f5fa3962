package org.bankdata.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bankdata.lake.LakeSite;
import org.bankdata.serve.DashboardServer;
import org.bankdata.serve.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata serve}: the dashboard, run history, SQL page and JSON API in the browser, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the published tables as a dashboard (three charts with filters), a runs page, a read-only"
                + " SQL page and a JSON API, over embedded DuckDB. A new publish is picked up without a restart.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    HistoryOption history;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}); any other address requires --token.")
    String host;

    @Option(names = "--token", defaultValue = "${env:BANKDATA_SERVE_TOKEN}",
            description = "Bearer token every API request must carry (env BANKDATA_SERVE_TOKEN); required with a"
                    + " non-loopback --host. In the browser open http://HOST:PORT/#token=TOKEN.")
    String token;

    @Option(names = "--query-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Cancel a query running longer (default: ${DEFAULT-VALUE}).")
    int queryTimeoutSeconds;

    @Option(names = "--row-cap", defaultValue = "1000",
            description = "Rows of a SQL answer shown on the page (default: ${DEFAULT-VALUE}).")
    int rowCap;

    @Option(names = "--export-row-cap", paramLabel = "ROWS", defaultValue = "1000000",
            description = "Rows of a CSV export at most (default: ${DEFAULT-VALUE}); a longer one ends with a line"
                    + " '#bankdata: truncated: ...'.")
    long exportRowCap;

    @Option(names = "--max-concurrent-queries", paramLabel = "N", defaultValue = "4",
            description = "SQL queries and exports running at once (default: ${DEFAULT-VALUE}); more are answered"
                    + " 503 with Retry-After.")
    int maxConcurrentQueries;

    @Option(names = "--allowed-host", paramLabel = "NAME", split = ",",
            defaultValue = "${env:BANKDATA_SERVE_ALLOWED_HOSTS}",
            description = "A name clients may use for this server in the Host header besides its address (repeatable;"
                    + " env BANKDATA_SERVE_ALLOWED_HOSTS, comma-separated), e.g. the DNS name behind a proxy.")
    List<String> allowedHosts;

    @Option(names = "--memory-limit", paramLabel = "MB", defaultValue = "512",
            description = "Memory DuckDB may hold for the served tables and a query, in MB (default: ${DEFAULT-VALUE};"
                    + " at least 16); a sort or join larger than that spills to a private temporary folder.")
    int memoryLimitMb;

    @Override
    public Integer call() throws InterruptedException {
        ServeConfig config = new ServeConfig(lake.layout(), host, port, token, Duration.ofSeconds(queryTimeoutSeconds),
                rowCap, exportRowCap, maxConcurrentQueries, allowedHosts,
                ServeConfig.DEFAULT_MAX_BODY_BYTES, memoryLimitMb);
        CountDownLatch stopped = new CountDownLatch(1);
        LakeSite site = lake.open();
        try (DashboardServer server = DashboardServer.start(config, site, history.reader(site))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "serve-shutdown"));
            spec.commandLine().getOut().println("dashboard at " + server.url() + " (lake " + lake.lake + ")");
            spec.commandLine().getOut().println("stop with Ctrl-C");
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
