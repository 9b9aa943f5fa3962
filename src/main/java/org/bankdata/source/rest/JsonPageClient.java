package org.bankdata.source.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.bankdata.config.HttpPolicy;

/**
 * Fetches JSON pages through a {@link ResilientHttp}: a page is accepted only when its body parses and holds
 * the record array. A truncated or malformed body is asked for again a few times; one that stays malformed is a
 * {@link org.bankdata.errors.BadAnswerException} naming the URL and what is wrong.
 */
public final class JsonPageClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResilientHttp http;
    private final String recordsField;

    /** @param recordsField name of the array holding the records ({@code value} in OData) */
    public JsonPageClient(String recordsField, ResilientHttp http) {
        this.recordsField = recordsField;
        this.http = http;
    }

    /**
     * A client with its own HTTP policy: no rate limit, the given timeout and retries, backoff doubling from
     * {@code firstBackoff} to {@code maxBackoff}, Retry-After and breaker pauses capped at {@code maxBackoff}.
     */
    public JsonPageClient(String recordsField, Duration requestTimeout, int maxRetries, Duration firstBackoff,
            Duration maxBackoff) {
        this(recordsField, new ResilientHttp(new HttpPolicy(requestTimeout, maxRetries, firstBackoff, maxBackoff, maxBackoff,
                maxBackoff, 0), ""));
    }

    public ResilientHttp http() {
        return http;
    }

    public JsonPage fetch(URI uri) {
        JsonNode[] parsed = new JsonNode[1];
        HttpAnswer answer = http.get(uri, "application/json", body -> parsed[0] = parse(body));
        return new JsonPage(uri, answer.body(), parsed[0].get(recordsField).size(), answer.fetchedAt(), answer.attempts(),
                answer.headers(), parsed[0]);
    }

    private JsonNode parse(byte[] body) throws MalformedPageException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonEOFException e) {
            throw new MalformedPageException("is not JSON: unexpected end at byte " + body.length + " (a truncated answer)");
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new MalformedPageException("is not JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (at >= 0 ? " at byte " + at : ""));
        } catch (IOException e) {
            throw new MalformedPageException("is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedPageException("is empty, not JSON");
        }
        JsonNode records = root.get(recordsField);
        if (records == null || !records.isArray()) {
            throw new MalformedPageException("has no '" + recordsField + "' array");
        }
        return root;
    }
}
