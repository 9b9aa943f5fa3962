package org.bankdata.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The state of a run, as stored in {@code runs.state} and written in {@code runs/<run-id>.json} (its {@link #text()};
 * the stored values never change). The allowed transitions are here and nowhere else ({@link #canBecome}), like
 * Spring Batch's {@code BatchStatus}; {@link RunHistory} refuses any other.
 *
 * <pre>
 *   (new) ──► running ──► succeeded ──► running   (a later job of a job-driven run)
 *     │          └──────► failed ─────► running   (--resume, or the next job)
 *     └─────► skipped                             (same parameters and inputs as the latest succeeded run)
 * </pre>
 * A failed run's failure may be recorded again with a better reason ({@code failed → failed}); a run never turns
 * from succeeded to failed or back without running again. {@link RunHistory} writes each change as a
 * compare-and-set on the state it read, so of two processes changing one run at once only one does.
 */
public enum RunState {
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    SKIPPED("skipped");

    /**
     * Not a state and never stored: how a {@code succeeded} run with warnings is shown ({@link #display}); the
     * stored state stays {@code succeeded}, so readers that select succeeded runs keep finding it.
     */
    public static final String SUCCEEDED_WITH_WARNINGS = "succeeded_with_warnings";

    private final String text;

    RunState(String text) {
        this.text = text;
    }

    /** The stored value ({@code runs.state}, the run summary's {@code state}). */
    @JsonValue
    public String text() {
        return text;
    }

    /** The state whose stored value is {@code text}. */
    @JsonCreator
    public static RunState of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run state '" + text + "'"));
    }

    /** The states a run may be created in. */
    public static Set<RunState> initial() {
        return Set.of(RUNNING, SKIPPED);
    }

    /** Whether a run in this state may be put in state {@code next}. */
    public boolean canBecome(RunState next) {
        return next(this).contains(next);
    }

    private static List<RunState> next(RunState from) {
        return switch (from) {
            case RUNNING -> List.of(SUCCEEDED, FAILED);
            case SUCCEEDED -> List.of(RUNNING);
            // a failure may be recorded again with a better reason
            case FAILED -> List.of(RUNNING, FAILED);
            case SKIPPED -> List.of();
        };
    }

    public boolean finished() {
        return this != RUNNING;
    }

    /** The state as users see it: {@code succeeded_with_warnings} for a succeeded run that has warnings. */
    public String display(List<String> warnings) {
        return this == SUCCEEDED && warnings != null && !warnings.isEmpty() ? SUCCEEDED_WITH_WARNINGS : text;
    }

    @Override
    public String toString() {
        return text;
    }
}
