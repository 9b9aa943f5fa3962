package org.bankdata.errors;

/** Input data that cannot be used as it is (wrong format, conflicting files). Retrying will not help. */
public final class BadInputException extends BankdataException {
    public BadInputException(String message) {
        super("BAD_INPUT", false, 1, message, null);
    }

    public BadInputException(String message, Throwable cause) {
        super("BAD_INPUT", false, 1, message, cause);
    }
}
