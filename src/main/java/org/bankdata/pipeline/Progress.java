package org.bankdata.pipeline;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on stderr while a run goes, so stdout keeps only results. Silent with --quiet. */
public final class Progress {
    private final PrintWriter out;
    private final boolean quiet;

    public Progress(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public static Progress quiet() {
        return new Progress(new PrintWriter(System.err, true), true);
    }

    public synchronized void started(String task) {
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-20s running%n", task);
            out.flush();
        }
    }

    public synchronized void finished(TaskOutcome outcome) {
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-20s %-9s %6.2f s %10s%n", outcome.task(), outcome.state(), outcome.seconds(),
                    outcome.rows() >= 0 ? String.format(Locale.ROOT, "%,d rows", outcome.rows()) : "");
            out.flush();
        }
    }

    /** The writer a live progress bar may draw on, or null when quiet. */
    public PrintWriter liveOutput() {
        return quiet ? null : out;
    }

    /** Whether a live bar may redraw one line in place (a terminal) rather than print lines (a log). */
    public boolean interactive() {
        return System.console() != null;
    }

    public synchronized void message(String text) {
        if (!quiet) {
            out.println(text);
            out.flush();
        }
    }
}
