package org.bankdata.errors;

/** What was asked of a run cannot be done in the state the run history records (e.g. a task before its upstream). */
public final class RunStateException extends BankdataException {
    public RunStateException(String message) {
        super("RUN_STATE", false, 1, message, null);
    }
}
