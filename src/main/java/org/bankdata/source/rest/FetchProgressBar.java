package org.bankdata.source.rest;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A progress bar on stderr while an API is fetched: units done/total (e.g. institutions), pages, retries and
 * requests/s. On a terminal one line is redrawn in place a few times a second; otherwise (a log file) a
 * line is written every few seconds. Nothing at all when built without a writer ({@code --quiet}).
 */
public final class FetchProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final Supplier<HttpStats> stats;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong pages = new AtomicLong();
    private final long started = System.nanoTime();
    private final ScheduledExecutorService ticker;

    /**
     * @param out         where to draw, or null for no output
     * @param interactive redraw one line with carriage returns (a terminal) rather than print lines
     */
    public FetchProgressBar(PrintWriter out, boolean interactive, String label, int total, Supplier<HttpStats> stats) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
        this.total = total;
        this.stats = stats;
        if (out == null) {
            this.ticker = null;
        } else {
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress-bar");
                t.setDaemon(true);
                return t;
            });
            long period = interactive ? 200 : 5000;
            ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** One unit finished, with {@code unitPages} pages. */
    public void unitDone(int unitPages) {
        done.incrementAndGet();
        pages.addAndGet(unitPages);
    }

    /** The line as drawn now. */
    public String line() {
        HttpStats s = stats.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        int n = done.get();
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * n / total);
        return String.format(Locale.ROOT, "  %-20s [%s%s] %d/%d institutions  %d pages  %d retries  %.1f req/s", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), n, total, pages.get(), s.retries(),
                seconds > 0 ? s.requests() / seconds : 0.0);
    }

    private synchronized void draw() {
        if (interactive) {
            out.print("\r" + line());
        } else {
            out.println(line());
        }
        out.flush();
    }

    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        synchronized (this) {
            if (interactive) {
                out.print("\r" + line() + System.lineSeparator());
            } else {
                out.println(line());
            }
            out.flush();
        }
    }
}
