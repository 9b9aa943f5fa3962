package org.bankdata.pipeline.context;

import java.io.PrintWriter;

/**
 * What a task may say while it runs: a line of progress, or a live bar on stderr. The runner's
 * {@code pipeline.Progress} implements it; tasks see only this, so they depend on nothing above them.
 */
public interface TaskProgress {
    /** A line of progress (silent with --quiet). */
    void message(String text);

    /** The writer a live progress bar may draw on, or null when quiet. */
    PrintWriter liveOutput();

    /** Whether a live bar may redraw one line in place (a terminal) rather than print lines (a log). */
    boolean interactive();

    /** Progress that says nothing: for tasks run outside a run (tests, the reference). */
    static TaskProgress silent() {
        return new TaskProgress() {
            @Override
            public void message(String text) {
            }

            @Override
            public PrintWriter liveOutput() {
                return null;
            }

            @Override
            public boolean interactive() {
                return false;
            }
        };
    }
}
