package org.bankdata.pipeline;

import java.time.Duration;
import org.bankdata.errors.BankdataException;

/** A task's every attempt ran past its timeout; the last one was stopped. */
public final class TaskTimeoutException extends BankdataException {
    public TaskTimeoutException(String task, Duration timeout, int attempts) {
        super("TASK_TIMEOUT", true, 1, task + " did not finish within its timeout of " + human(timeout) + " in " + attempts
                + " attempt(s); its Spark jobs were cancelled. Look for a hung source or an overloaded cluster, then"
                + " `bankdata run --resume <run-id>`", null);
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }
}
