package org.bankdata.errors;

/** The lake folder cannot be read or written as needed (missing snapshot, locked by another run, I/O). */
public class LakeException extends BankdataException {
    public LakeException(String message) {
        super("LAKE", false, 1, message, null);
    }

    public LakeException(String message, Throwable cause) {
        super("LAKE", false, 1, message, cause);
    }
}
