package org.bankdata.source.rest;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;

/**
 * A 2xx answer whose body passed the caller's check.
 *
 * @param uri       the URL requested
 * @param headers   response headers
 * @param body      the exact bytes of the body
 * @param fetchedAt when the answer arrived
 * @param attempts  requests it took (1 when no retry was needed)
 */
public record HttpAnswer(URI uri, HttpHeaders headers, byte[] body, Instant fetchedAt, int attempts) {
}
