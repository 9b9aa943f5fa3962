package org.bankdata.source.rest;

import java.io.IOException;
import java.time.Duration;

/** A response with a status other than 2xx, with the server's {@code Retry-After} when it sent one. */
public final class HttpStatusException extends IOException {
    private final int status;
    private final Duration retryAfter;

    public HttpStatusException(int status, String message) {
        this(status, message, null);
    }

    public HttpStatusException(int status, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** How long the server asked to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** 408, 429 and 5xx may succeed later; other statuses will not. */
    public boolean retriable() {
        return status == 408 || status == 429 || status >= 500;
    }
}
