package org.bankdata.pipeline;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr while a run goes, so stdout keeps only results. Silent with --quiet. */
public final class Progress {
    private final PrintStream out;
    private final boolean quiet;

    public Progress(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public static Progress quiet() {
        return new Progress(System.err, true);
    }

    public synchronized void started(String task) {
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-20s running%n", task);
        }
    }

    public synchronized void finished(TaskOutcome outcome) {
        if (!quiet) {
            out.printf(Locale.ROOT, "  %-20s %-9s %6.2f s %10s%n", outcome.task(), outcome.state(), outcome.seconds(),
                    outcome.rows() >= 0 ? String.format(Locale.ROOT, "%,d rows", outcome.rows()) : "");
        }
    }

    public synchronized void message(String text) {
        if (!quiet) {
            out.println(text);
        }
    }
}
