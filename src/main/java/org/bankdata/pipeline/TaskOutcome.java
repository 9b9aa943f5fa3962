package org.bankdata.pipeline;

/** How one task of a run ended. State: succeeded, failed, not_run. */
public record TaskOutcome(String task, String state, double seconds, long rows, String error) {
}
