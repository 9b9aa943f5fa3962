package org.bankdata.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.BadInputException;
import org.bankdata.source.rest.ScriptedHttpServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.bankdata.testing.RunsBesideSpark;

/** The next-link and Link-header pagination strategies against scripted servers on 127.0.0.1. */
@Timeout(20)
@RunsBesideSpark
class PagingTest {
    private static JsonPageClient client() {
        return new JsonPageClient("value", Duration.ofSeconds(5), 2, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    /** Pages {@code /items?page=N} of 2 records each, 7 records in all; {@code next} names the next page. */
    private static String items(URI uri) {
        int page = Integer.parseInt(uri.getQuery().replaceAll(".*page=([0-9]+).*", "$1"));
        StringBuilder body = new StringBuilder("{\"value\":[");
        for (int i = page * 2; i < Math.min(7, page * 2 + 2); i++) {
            body.append(i == page * 2 ? "" : ",").append("{\"id\":").append(i).append('}');
        }
        return body.append("]").toString();
    }

    private static boolean last(URI uri) {
        return uri.getQuery().contains("page=3");
    }

    @Test
    void nextLinkInTheBodyIsFollowedUntilAPageHasNone() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> new Reply(200, items(uri)
                + (last(uri) ? ",\"@odata.nextLink\":null}" : ",\"@odata.nextLink\":\"items?page="
                        + (Integer.parseInt(uri.getQuery().substring(5)) + 1) + "\"}")))) {
            Paging paging = new NextLinkPaging(server.uri("/api/items?page=0"), NextLinkPaging.ODATA_FIELD);

            List<JsonPage> pages = paging.fetchAll(client());

            assertThat(paging.name()).isEqualTo("next-link");
            assertThat(pages).extracting(JsonPage::records).containsExactly(2, 2, 2, 1);
            // relative links resolve against the page's URL
            assertThat(server.requests()).extracting(URI::toString)
                    .containsExactly("/api/items?page=0", "/api/items?page=1", "/api/items?page=2", "/api/items?page=3");
        }
    }

    @Test
    void aNestedNextLinkIsReachedByJsonPointer() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> new Reply(200, items(uri)
                + (last(uri) ? "}" : ",\"links\":{\"next\":\"/items?page="
                        + (Integer.parseInt(uri.getQuery().substring(5)) + 1) + "\"}}")))) {
            List<JsonPage> pages = new NextLinkPaging(server.uri("/items?page=0"), "/links/next").fetchAll(client());

            assertThat(pages).extracting(JsonPage::records).containsExactly(2, 2, 2, 1);
        }
    }

    @Test
    void aNextLinkPointingBackIsReportedInsteadOfLoopingForever() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> new Reply(200,
                "{\"value\":[{\"id\":1}],\"next\":\"/items?page=0\"}"))) {
            assertThatThrownBy(() -> new NextLinkPaging(server.uri("/items?page=0"), "next").fetchAll(client()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("leads back to")
                    .hasMessageContaining("/items?page=0");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void linkHeaderRelNextIsFollowedUntilTheLastPage() {
        try (ScriptedHttpServer server = ScriptedHttpServer.start((n, uri) -> {
            int page = Integer.parseInt(uri.getQuery().substring(5));
            String first = "</items?page=0>; rel=\"first\"";
            Map<String, String> headers = last(uri) ? Map.of("Link", first)
                    : Map.of("Link", first + ", </items?page=" + (page + 1) + ">; rel=\"next\"");
            return new Reply(200, items(uri) + "}", headers);
        })) {
            Paging paging = new LinkHeaderPaging(server.uri("/items?page=0"));

            List<JsonPage> pages = paging.fetchAll(client());

            assertThat(paging.name()).isEqualTo("link-header");
            assertThat(pages).extracting(JsonPage::records).containsExactly(2, 2, 2, 1);
            assertThat(server.requests()).hasSize(4);
        }
    }

    @Test
    void linkHeaderValuesInTheirRfc8288Forms() {
        assertThat(LinkHeaderPaging.next(List.of("<https://x/a?page=2>; rel=\"next\", <https://x/a?page=9>; rel=\"last\"")))
                .contains("https://x/a?page=2");
        assertThat(LinkHeaderPaging.next(List.of("<https://x/a?page=1>; rel=prev", "<https://x/a?page=3>; rel=next")))
                .contains("https://x/a?page=3");
        // multi-valued rel, other parameters, any case
        assertThat(LinkHeaderPaging.next(List.of("<https://x/b>; title=\"more\"; REL=\"last Next\"")))
                .contains("https://x/b");
        assertThat(LinkHeaderPaging.next(List.of("<https://x/a?page=1>; rel=\"prev\""))).isEmpty();
        assertThat(LinkHeaderPaging.next(List.of("<https://x/nextpage>; rel=\"nextish\""))).isEmpty();
        assertThat(LinkHeaderPaging.next(List.of())).isEmpty();
    }

    @Test
    void topSkipIsNamedAndStopsAtAShortPage() {
        try (ScriptedHttpServer server = ScriptedHttpServer.collection(12, true, top -> top)) {
            Paging paging = new TopSkipPaging(5, skip -> server.uri("/p?$top=5&$skip=" + skip));

            assertThat(paging.name()).isEqualTo("top-skip");
            assertThat(paging.fetchAll(client())).extracting(JsonPage::records).containsExactly(5, 5, 2);
        }
    }
}
