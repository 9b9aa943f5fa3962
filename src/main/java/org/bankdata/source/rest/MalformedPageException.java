package org.bankdata.source.rest;

import java.io.IOException;

/** A response body that is not the JSON expected (truncated, wrong shape); treated like a network fault. */
public final class MalformedPageException extends IOException {
    public MalformedPageException(String message) {
        super(message);
    }
}
