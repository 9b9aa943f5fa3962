package org.bankdata.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;

/**
 * One page of a JSON API, as received.
 *
 * @param uri       the URL requested
 * @param body      the exact bytes of the response body
 * @param records   number of records in the page's record array
 * @param fetchedAt when the response arrived
 * @param attempts  requests it took (1 when no retry was needed)
 * @param headers   response headers (pagination may read {@code Link})
 * @param root      the parsed body (pagination may read a next link in it)
 */
public record JsonPage(URI uri, byte[] body, int records, Instant fetchedAt, int attempts, HttpHeaders headers,
        JsonNode root) {
}
