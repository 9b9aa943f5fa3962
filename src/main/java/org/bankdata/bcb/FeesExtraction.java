package org.bankdata.bcb;

import java.util.List;
import java.util.Locale;

/**
 * What one fees extraction did.
 *
 * @param pages       every page the run uses: fetched now or reused from earlier runs
 * @param answers     person type × CNPJ answers the run needed
 * @param fetched     answers fetched now
 * @param reused      answers kept from earlier runs (incremental refresh)
 * @param pagesFetched pages fetched now
 * @param requests    HTTP requests made (retries included)
 * @param retries     requests that were retries
 * @param seconds     wall time of the extraction
 */
public record FeesExtraction(List<FeePage> pages, int answers, int fetched, int reused, long pagesFetched, long requests,
        long retries, double seconds) {

    public FeesExtraction {
        pages = List.copyOf(pages);
    }

    public double requestsPerSecond() {
        return seconds > 0 ? requests / seconds : 0;
    }

    public boolean nothingNew() {
        return fetched == 0;
    }

    /** One line for the run's progress and summary. */
    public String describe() {
        if (nothingNew()) {
            return String.format(Locale.ROOT, "fees: nothing new to fetch, %d recorded answer(s) reused, no request made", reused);
        }
        return String.format(Locale.ROOT, "fees: %d answer(s) fetched (%d page(s), %d request(s), %d retry(ies), %.1f req/s),"
                + " %d reused", fetched, pagesFetched, requests, retries, requestsPerSecond(), reused);
    }
}
