package org.bankdata.source.rest;

import java.util.List;

/**
 * A pagination style: how to get from one page of a JSON API to the next, and when to stop. Each style is
 * a named strategy so a source says which one its API speaks: {@link TopSkipPaging} ({@code top-skip}, the
 * OData/Olinda style), {@link NextLinkPaging} ({@code next-link} in the body), {@link LinkHeaderPaging}
 * ({@code link-header}, RFC 8288).
 */
public interface Paging {
    /** Most pages one sequence may have; more means the server pages in a circle. */
    int MAX_PAGES = 100_000;

    /** The strategy's name, as documented. */
    String name();

    /** Fetches every page of one sequence, in order. */
    List<JsonPage> fetchAll(JsonPageClient client);
}
