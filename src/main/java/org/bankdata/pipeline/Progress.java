package org.bankdata.pipeline;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bankdata.errors.Redaction;
import org.bankdata.history.TaskState;
import org.bankdata.pipeline.context.TaskProgress;

/**
 * Progress on stderr while a run goes, so stdout keeps only results: a line per task when it starts,
 * retries and ends (state, elapsed, rows), a line for each task still running every few seconds, a
 * summary table at the end, and one closing line. Silent with --quiet.
 */
public final class Progress implements TaskProgress {
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private final PrintWriter out;
    private final boolean quiet;
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    public Progress(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public static Progress quiet() {
        return new Progress(new PrintWriter(System.err, true), true);
    }

    public boolean isQuiet() {
        return quiet;
    }

    /** Starts the periodic lines for running tasks. */
    public synchronized void runStarted(String runId) {
        if (quiet || ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void runEnded() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    public synchronized void started(String task, int attempt) {
        running.putIfAbsent(task, System.nanoTime());
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-21s %-15s%s%n", task, TaskState.RUNNING, attempt > 1 ? " attempt " + attempt : "");
            out.flush();
        }
    }

    public synchronized void retrying(String task, int failedAttempt, Duration delay, String why) {
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-21s %-15s %6.2f s  attempt %d failed, retrying in %.1f s: %s%n", task, "retrying",
                    elapsed(task), failedAttempt, delay.toMillis() / 1000.0, why);
            out.flush();
        }
    }

    public synchronized void finished(TaskOutcome outcome) {
        running.remove(outcome.task());
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-21s %-15s %6.2f s %14s%s%n", outcome.task(), outcome.state(), outcome.seconds(),
                    outcome.rows() >= 0 ? String.format(Locale.ROOT, "%,d rows", outcome.rows()) : "",
                    outcome.attempts() > 1 ? "  (" + outcome.attempts() + " attempts)" : "");
            out.flush();
        }
    }

    /** The table printed when a run ends: every task with its state, attempts, duration and rows. */
    public synchronized void summary(RunSummary summary) {
        if (quiet) {
            return;
        }
        out.printf(Locale.ROOT, "%n  %-21s %-15s %8s %9s %12s %12s%n", "task", "state", "attempts", "seconds", "rows in",
                "rows out");
        for (TaskOutcome t : summary.tasks()) {
            out.printf(Locale.ROOT, "  %-21s %-15s %8s %9s %12s %12s%n", t.task(), t.state(),
                    t.attempts() > 0 ? Integer.toString(t.attempts()) : "-",
                    t.attempts() > 0 ? String.format(Locale.ROOT, "%.2f", t.seconds()) : "-",
                    t.rowsIn() >= 0 ? String.format(Locale.ROOT, "%,d", t.rowsIn()) : "-",
                    t.rows() >= 0 ? String.format(Locale.ROOT, "%,d", t.rows()) : "-");
        }
        out.flush();
    }

    /**
     * The one line that closes a run that did not fail (a failed run closes with its error line instead):
     * {@code run <id> succeeded in <s> s; <outcome>}. The seconds are those between the start and end
     * instants the run history records, so {@code bankdata runs} shows the same figure.
     */
    public synchronized void runFinished(RunSummary summary, String outcome) {
        String state = summary.succeededWithWarnings()
                ? "succeeded with " + summary.warnings().size() + " warning(s)" : summary.state().text();
        message(String.format(Locale.ROOT, "run %s %s in %.1f s%s", summary.runId(), state, summary.seconds(),
                outcome == null || outcome.isEmpty() ? "" : "; " + outcome));
    }

    /** The writer a live progress bar may draw on, or null when quiet. */
    @Override
    public PrintWriter liveOutput() {
        return quiet ? null : out;
    }

    /** Whether a live bar may redraw one line in place (a terminal) rather than print lines (a log). */
    @Override
    public boolean interactive() {
        return System.console() != null;
    }

    /** A warning: printed even with --quiet, since it says that data was left out or something else went wrong. */
    public synchronized void warning(String text) {
        out.println("warning: " + Redaction.redact(text));
        out.flush();
    }

    @Override
    public synchronized void message(String text) {
        if (!quiet) {
            out.println(Redaction.redact(text));
            out.flush();
        }
    }

    private synchronized void tick() {
        running.keySet().stream().sorted().forEach(task ->
                out.printf(Locale.ROOT, "  %-21s %-15s %6.1f s%n", task, TaskState.RUNNING, elapsed(task)));
        out.flush();
    }

    private double elapsed(String task) {
        Long t0 = running.get(task);
        return t0 == null ? 0 : (System.nanoTime() - t0) / 1e9;
    }
}
