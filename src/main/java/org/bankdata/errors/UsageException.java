package org.bankdata.errors;

/** The command line asks for something that cannot be done as given (missing folder, bad value). */
public final class UsageException extends BankdataException {
    public UsageException(String message) {
        super("USAGE", false, 2, message, null);
    }
}
