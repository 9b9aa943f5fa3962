package org.bankdata.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.SourceUnavailableException;

/**
 * Fetches JSON pages over HTTP. Network faults, 429, 5xx and malformed bodies are retried with
 * exponential backoff and jitter; a page is accepted only when its body parses and holds the record
 * array. When retries run out the error names the URL and the last status.
 */
public final class JsonPageClient {
    private final HttpClient http;
    private final Duration requestTimeout;
    private final RetryPolicy<Object> retry;
    private final String recordsField;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param recordsField name of the array holding the records ({@code value} in OData)
     * @param maxRetries   retries after the first attempt
     * @param firstBackoff delay before the first retry; doubles up to {@code maxBackoff}
     */
    public JsonPageClient(String recordsField, Duration requestTimeout, int maxRetries, Duration firstBackoff,
            Duration maxBackoff) {
        this.recordsField = recordsField;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.retry = RetryPolicy.builder()
                .handleIf(JsonPageClient::isRetriable)
                .withBackoff(firstBackoff, maxBackoff)
                .withJitter(0.25)
                .withMaxRetries(maxRetries)
                .build();
    }

    public JsonPage fetch(URI uri) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return Failsafe.with(retry).get(() -> fetchOnce(uri, attempts.incrementAndGet()));
        } catch (FailsafeException e) {
            throw failure(uri, e.getCause() == null ? e : e.getCause(), attempts.get());
        } catch (RuntimeException e) {
            throw e;
        }
    }

    private JsonPage fetchOnce(URI uri, int attempt) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new HttpStatusException(response.statusCode(), "HTTP " + response.statusCode());
        }
        byte[] body = response.body();
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new MalformedPageException("body is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode records = root == null ? null : root.get(recordsField);
        if (records == null || !records.isArray()) {
            throw new MalformedPageException("body has no '" + recordsField + "' array");
        }
        return new JsonPage(uri, body, records.size(), Instant.now(), attempt);
    }

    private static boolean isRetriable(Throwable t) {
        if (t instanceof HttpStatusException status) {
            return status.retriable();
        }
        return t instanceof IOException;
    }

    private static RuntimeException failure(URI uri, Throwable cause, int attempts) {
        if (cause instanceof HttpStatusException status && !status.retriable()) {
            return new BadInputException("the server refused " + uri + " with HTTP " + status.status()
                    + "; check --api-url points at the base of the service (ending in /odata)", cause);
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String what = cause instanceof HttpStatusException status ? "HTTP " + status.status()
                : cause instanceof java.net.ConnectException ? "connection refused"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new SourceUnavailableException("cannot fetch " + uri + " after " + attempts + " attempt(s), last error: "
                + what + "; check the server is up and --api-url is right (leave --api-url out to use the bundled replay)",
                cause);
    }
}
