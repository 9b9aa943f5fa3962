package org.bankdata.errors;

/** The built tables broke a data-quality rule; nothing from the run is published. */
public final class QualityCheckException extends BankdataException {
    public QualityCheckException(String message) {
        super("CHECK_FAILED", false, 1, message, null);
    }
}
