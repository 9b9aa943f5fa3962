package org.bankdata.source.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bankdata.errors.BadInputException;

/** Follows the next-page link each page names until a page names none; a link seen before is reported, not followed. */
final class LinkedPaging {
    interface NextLink {
        Optional<String> of(JsonPage page);
    }

    private LinkedPaging() {
    }

    static List<JsonPage> follow(JsonPageClient client, URI first, NextLink next, String what) {
        List<JsonPage> pages = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI uri = first;
        while (uri != null) {
            if (!seen.add(uri)) {
                throw new BadInputException("the server's " + what + " leads back to " + uri + ", a page already fetched;"
                        + " its pages cannot be followed");
            }
            if (pages.size() >= Paging.MAX_PAGES) {
                throw new BadInputException("gave up after " + Paging.MAX_PAGES + " pages at " + uri);
            }
            JsonPage page = client.fetch(uri);
            pages.add(page);
            URI current = uri;
            uri = next.of(page).filter(s -> !s.isBlank()).map(s -> resolve(current, s, what)).orElse(null);
        }
        return pages;
    }

    private static URI resolve(URI base, String link, String what) {
        try {
            return base.resolve(link.trim());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the " + what + " of " + base + " is not a URL: '" + link + "'", e);
        }
    }
}
