package org.bankdata.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a task of a run, as stored in {@code task_runs.state} and written in {@code runs/<run-id>.json}
 * (its {@link #text()}; the stored values never change). The allowed transitions are here ({@link #canBecome}):
 *
 * <pre>
 *   pending ──► running ──► succeeded ──► reused       (a resume takes its outputs as they are)
 *      │           │  ▲        └────────► running      (rebuilt after a lost publish, or run again by a job)
 *      │           │  └ running            (the next attempt)
 *      │           └──► failed | timed_out ──► pending | running | not_run   (a resume or a job runs it again)
 *      └──► upstream_failed | not_run ──► pending | running | not_run
 * </pre>
 * {@link RunHistory} enforces these on write (a compare-and-set on the state it read) and records a new task only in
 * one of the {@link #initial()} states.
 */
public enum TaskState {
    PENDING("pending"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    TIMED_OUT("timed_out"),
    UPSTREAM_FAILED("upstream_failed"),
    NOT_RUN("not_run"),
    REUSED("reused");

    private final String text;

    TaskState(String text) {
        this.text = text;
    }

    /** The stored value ({@code task_runs.state}, a task's {@code state} in the run summary). */
    @JsonValue
    public String text() {
        return text;
    }

    /** The state whose stored value is {@code text}. */
    @JsonCreator
    public static TaskState of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task state '" + text + "'"));
    }

    /**
     * The states a task is first recorded in: waiting for its turn, started, left out of the run, failed upstream
     * before it could start, or reused from an earlier run; it can only end after it ran.
     */
    public static Set<TaskState> initial() {
        return EnumSet.of(PENDING, RUNNING, NOT_RUN, UPSTREAM_FAILED, REUSED);
    }

    /** Whether a task in this state may be put in state {@code next}. */
    public boolean canBecome(TaskState next) {
        return next(this).contains(next);
    }

    private static Set<TaskState> next(TaskState from) {
        return switch (from) {
            case PENDING -> EnumSet.of(RUNNING, UPSTREAM_FAILED, NOT_RUN, REUSED);
            case RUNNING -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, TIMED_OUT);
            case SUCCEEDED -> EnumSet.of(REUSED, RUNNING, PENDING);
            case REUSED -> EnumSet.of(REUSED, RUNNING, PENDING);
            case FAILED, TIMED_OUT, UPSTREAM_FAILED, NOT_RUN -> EnumSet.of(PENDING, RUNNING, NOT_RUN, UPSTREAM_FAILED);
        };
    }

    /** Whether the task's outputs stand for the run: it succeeded, or a resume reused what it left. */
    public boolean done() {
        return this == SUCCEEDED || this == REUSED;
    }

    /** Whether the task ended without outputs because it failed (not because something upstream did). */
    public boolean failed() {
        return this == FAILED || this == TIMED_OUT;
    }

    @Override
    public String toString() {
        return text;
    }
}
