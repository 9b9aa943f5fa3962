package org.bankdata.source.rest;

import java.io.IOException;

/** A response with a status other than 2xx. */
public final class HttpStatusException extends IOException {
    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 429 and 5xx may succeed later; other statuses will not. */
    public boolean retriable() {
        return status == 429 || status >= 500;
    }
}
