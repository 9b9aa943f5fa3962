package org.bankdata.source.rest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 8288 {@code Link} header pagination style ({@code link-header}, as GitHub's API pages): each answer
 * carries {@code Link: <url>; rel="next"} until the last one. Several links per header, several headers,
 * unquoted and multi-valued {@code rel} are understood.
 *
 * @param first first page
 */
public record LinkHeaderPaging(URI first) implements Paging {
    public static final String NAME = "link-header";
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("(?i)rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,]+))");

    public LinkHeaderPaging {
        Objects.requireNonNull(first, "first");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<JsonPage> fetchAll(JsonPageClient client) {
        return LinkedPaging.follow(client, first, page -> next(page.headers().allValues("Link")), "Link rel=\"next\"");
    }

    /** The target of the first link whose {@code rel} includes {@code next}. */
    static Optional<String> next(List<String> headerValues) {
        for (String value : headerValues) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                while (rel.find()) {
                    String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
                    for (String r : rels.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                        if (r.equals("next")) {
                            return Optional.of(link.group(1));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
