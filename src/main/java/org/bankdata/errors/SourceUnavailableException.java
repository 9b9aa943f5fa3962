package org.bankdata.errors;

/** A remote source could not be reached or answered with a server error; a later attempt may succeed. */
public final class SourceUnavailableException extends BankdataException {
    public SourceUnavailableException(String message, Throwable cause) {
        super("SOURCE_UNAVAILABLE", true, 1, message, cause);
    }
}
