package org.bankdata.source.rest;

import java.io.IOException;

/**
 * A response body that is not the JSON expected (truncated, wrong shape): retried a few times, since a truncated
 * transfer mends; the message completes "the answer of URL ...", e.g. "is not JSON: unexpected end at byte 1234".
 */
public final class MalformedPageException extends IOException {
    public MalformedPageException(String message) {
        super(message);
    }
}
