package org.bankdata.errors;

import java.net.URI;

/**
 * A remote source answered, but with something that cannot be used (not JSON, not the expected shape), and
 * kept doing so when asked again. The server is up, so retrying the task will not help; the caller decides
 * whether to skip that one answer or stop.
 */
public final class BadAnswerException extends BankdataException {
    private final URI uri;

    public BadAnswerException(URI uri, String message, Throwable cause) {
        super("BAD_ANSWER", false, 1, message, cause);
        this.uri = uri;
    }

    /** The URL whose answer was bad. */
    public URI uri() {
        return uri;
    }
}
