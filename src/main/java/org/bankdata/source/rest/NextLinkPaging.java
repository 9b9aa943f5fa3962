package org.bankdata.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The next-link-in-the-body pagination style ({@code next-link}): each page holds the URL of the next one in
 * a field ({@code @odata.nextLink} in OData v4, {@code next} in many JSON APIs; a JSON pointer such as
 * {@code /links/next} reaches a nested one); the last page has none, or null. Relative links are resolved
 * against the page's URL.
 *
 * @param first first page
 * @param field name of the top-level field holding the next URL, or a JSON pointer starting with {@code /}
 */
public record NextLinkPaging(URI first, String field) implements Paging {
    public static final String NAME = "next-link";
    public static final String ODATA_FIELD = "@odata.nextLink";

    public NextLinkPaging {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(field, "field");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<JsonPage> fetchAll(JsonPageClient client) {
        return LinkedPaging.follow(client, first, this::nextOf, "'" + field + "' link");
    }

    private Optional<String> nextOf(JsonPage page) {
        JsonNode node = field.startsWith("/") ? page.root().at(field) : page.root().get(field);
        return node == null || node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
