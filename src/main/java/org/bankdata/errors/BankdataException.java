package org.bankdata.errors;

/**
 * Base of every failure bankdata reports to a user. Each carries a stable error code, whether retrying
 * the same work could succeed, and the process exit code it maps to (1 run failed, 2 bad usage).
 * Messages name the file, row, URL or table concerned and say what to do.
 */
public abstract class BankdataException extends RuntimeException {
    private final String code;
    private final boolean retriable;
    private final int exitCode;

    protected BankdataException(String code, boolean retriable, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retriable = retriable;
        this.exitCode = exitCode;
    }

    public String code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }

    public int exitCode() {
        return exitCode;
    }
}
