package org.bankdata.source.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.bankdata.errors.BadInputException;

/**
 * The OData {@code $top}/{@code $skip} pagination style ({@code top-skip}): ask for {@code top} records from
 * offset {@code skip}, and stop at the first page holding fewer than {@code top} records (the service sends
 * no next link). A server that ignores {@code $skip} would loop forever; that is detected and reported.
 *
 * @param top     records per page
 * @param pageUri maps a skip offset to its URL
 */
public record TopSkipPaging(int top, IntFunction<URI> pageUri) implements Paging {
    public static final String NAME = "top-skip";

    public TopSkipPaging {
        if (top < 1) {
            throw new IllegalArgumentException("top must be positive: " + top);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<JsonPage> fetchAll(JsonPageClient client) {
        return fetchAll(client, top, pageUri);
    }

    /** Fetches every page of one sequence; {@code pageUri} maps a skip offset to its URL. */
    public static List<JsonPage> fetchAll(JsonPageClient client, int top, IntFunction<URI> pageUri) {
        List<JsonPage> pages = new ArrayList<>();
        int skip = 0;
        while (true) {
            JsonPage page = client.fetch(pageUri.apply(skip));
            if (!pages.isEmpty() && page.records() > 0 && Arrays.equals(page.body(), pages.get(pages.size() - 1).body())) {
                throw new BadInputException("the server answered " + page.uri() + " with the same records as the page"
                        + " before it: it ignores $skip, so its data cannot be paged");
            }
            pages.add(page);
            if (page.records() < top) {
                return pages;
            }
            if (page.records() > top) {
                throw new BadInputException("the server answered " + page.uri() + " with " + page.records()
                        + " records although $top=" + top + ": it ignores $top, so its data cannot be paged reliably");
            }
            if (pages.size() >= MAX_PAGES) {
                throw new BadInputException("gave up after " + MAX_PAGES + " pages at " + page.uri());
            }
            skip += top;
        }
    }
}
