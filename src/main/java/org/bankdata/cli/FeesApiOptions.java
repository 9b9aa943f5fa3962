package org.bankdata.cli;

import java.net.URI;
import java.time.Duration;
import org.bankdata.config.PersonType;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.errors.UsageException;
import org.bankdata.config.HttpPolicy;
import picocli.CommandLine.Option;

/** The options of {@code bankdata run} that say how the fees service is asked; builds one {@link FeesApiConfig}. */
public final class FeesApiOptions {
    @Option(names = "--api-url", paramLabel = "URL",
            description = "Base of the Olinda fees service, ending in /odata (live: " + FeesApiConfig.LIVE_EXAMPLE + ")."
                    + " Default: an embedded replay of the bundled recordings on 127.0.0.1.")
    URI apiUrl;

    @Option(names = "--api-page-size", paramLabel = "N", defaultValue = "" + FeesApiConfig.DEFAULT_PAGE_SIZE,
            description = "$top of each fees request (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--api-concurrency", paramLabel = "N", defaultValue = "" + FeesApiConfig.DEFAULT_CONCURRENCY,
            description = "Institutions fetched at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--api-rate", paramLabel = "REQ/S",
            description = "Client-side limit on requests per second, retries included; 0 = none (default: "
                    + FeesApiConfig.DEFAULT_LIVE_RATE + " with --api-url, none for the embedded replay).")
    Double rate;

    @Option(names = "--api-timeout", paramLabel = "SECONDS", defaultValue = "" + HttpPolicy.DEFAULT_TIMEOUT_SECONDS,
            description = "Deadline of one request, connect to last byte of the body; a body that sends nothing for"
                    + " " + HttpPolicy.READ_IDLE_SECONDS + " s (or this long, if shorter) is abandoned sooner; either way the request is retried"
                    + " (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--api-retries", paramLabel = "N", defaultValue = "" + HttpPolicy.DEFAULT_RETRIES,
            description = "Retries of a failed request (429, 5xx, timeout, stalled or reset transfer, truncated body),"
                    + " with exponential backoff and jitter, honouring Retry-After; a body that is still not JSON after "
                    + HttpPolicy.MALFORMED_RETRIES + " retries skips that institution (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--person-type", paramLabel = "J|F|both", defaultValue = FeesApiConfig.DEFAULT_PERSON_TYPES,
            description = "Fee schedules for legal persons (J), natural persons (F) or both (default: ${DEFAULT-VALUE};"
                    + " the bundled recordings hold J).")
    String personType;

    @Option(names = "--refresh", paramLabel = "POLICY", defaultValue = FeesApiConfig.DEFAULT_REFRESH,
            description = "Which recorded fee answers are fetched again: missing (only institutions without one),"
                    + " always, or older-than=<N>d|h|m, e.g. older-than=30d (default: ${DEFAULT-VALUE}).")
    String refresh;

    public FeesApiConfig toConfig() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new UsageException("--api-timeout must be between 0 and 3600 seconds, got " + timeoutSeconds);
        }
        double effectiveRate = rate != null ? rate : apiUrl == null ? 0 : FeesApiConfig.DEFAULT_LIVE_RATE;
        HttpPolicy http = HttpPolicy.defaults()
                .withTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
                .withRetries(retries)
                .withRate(effectiveRate);
        return new FeesApiConfig(apiUrl, pageSize, concurrency, PersonType.parseChoice(personType), RefreshPolicy.parse(refresh),
                http);
    }
}
