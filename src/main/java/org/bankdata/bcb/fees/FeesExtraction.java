package org.bankdata.bcb.fees;

import java.util.List;
import java.util.Locale;

/**
 * What one fees extraction did.
 *
 * @param pages       every page the run uses: fetched now or reused from earlier runs
 * @param answers     person type × CNPJ answers the run needed ({@code fetched + reused + skipped.size() + kept.size()})
 * @param fetched     answers fetched now
 * @param reused      answers kept from earlier runs (incremental refresh)
 * @param skipped     answers left out because the service's answer was unusable (not JSON, wrong shape) even
 *                    when asked again, with no earlier answer in the lake: their institutions have no fees in this run
 * @param kept        answers that came back unusable when fetched again, whose last good answer the run uses instead
 * @param damaged     recorded answers that failed their check ({@link FeeAnswerStore#damage}: a page missing or not
 *                    with the bytes it was landed with), each named with what was wrong; they were fetched again
 * @param pagesFetched pages fetched now
 * @param requests    HTTP requests made (retries included)
 * @param retries     requests that were retries
 * @param seconds     wall time of the extraction
 */
public record FeesExtraction(List<FeePage> pages, int answers, int fetched, int reused, List<SkippedAnswer> skipped,
        List<KeptAnswer> kept, List<String> damaged, long pagesFetched, long requests, long retries, double seconds) {

    public FeesExtraction {
        pages = List.copyOf(pages);
        skipped = List.copyOf(skipped);
        kept = List.copyOf(kept);
        damaged = List.copyOf(damaged);
    }

    /** How many answers were skipped as unusable: what a limit on dropped data counts. */
    public int skippedAnswers() {
        return skipped.size();
    }

    public double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }

    public boolean nothingNew() {
        return fetched == 0 && skipped.isEmpty() && kept.isEmpty();
    }

    /** One line for the run's progress and summary. */
    public String describe() {
        if (nothingNew()) {
            return String.format(Locale.ROOT, "fees: nothing new to fetch, %d recorded answer(s) reused, no request made", reused);
        }
        return String.format(Locale.ROOT, "fees: %d answer(s) fetched (%d page(s), %d request(s), %d retry(ies), %.1f req/s),"
                + " %d reused", fetched, pagesFetched, requests, retries, requestsPerSecond(), reused)
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped (unusable answer)")
                + (kept.isEmpty() ? "" : ", " + kept.size() + " kept from an earlier run (unusable answer)")
                + (damaged.isEmpty() ? "" : ", " + damaged.size() + " recorded answer(s) damaged");
    }

    /**
     * The run's warning about answers that came back unusable and were replaced by the last good one, naming the
     * first few, or null when there were none.
     */
    public String keptWarning() {
        if (kept.isEmpty()) {
            return null;
        }
        return kept.size() + " fees answer(s) came back unusable, so the last good answer of those institutions was kept"
                + " (nothing dropped; the next run asks again), e.g. "
                + String.join(" | ", kept.stream().limit(3).map(KeptAnswer::describe).toList());
    }

    /**
     * The run's warning about recorded answers that failed their check and were fetched again, naming the first few,
     * or null when there were none.
     */
    public String damagedWarning() {
        if (damaged.isEmpty()) {
            return null;
        }
        return damaged.size() + " recorded fees answer(s) could not be used again because a page is missing or does not"
                + " have the bytes it was landed with (removed or changed since, or lost in a machine crash before it reached"
                + " the disk), so they were fetched again, e.g. " + String.join(" | ", damaged.stream().limit(3).toList());
    }

    /**
     * The run's warning about skipped answers, naming the first few and what was wrong, or null when none was
     * skipped.
     */
    public String skippedWarning() {
        if (skipped.isEmpty()) {
            return null;
        }
        return skipped.size() + " fees answer(s) skipped: the service answered with something unusable, so those"
                + " institutions have no fees in this run (the next run asks again), e.g. "
                + String.join(" | ", skipped.stream().limit(3).map(SkippedAnswer::describe).toList());
    }
}
