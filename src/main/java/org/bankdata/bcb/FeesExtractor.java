package org.bankdata.bcb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bankdata.concurrent.Futures;
import org.bankdata.lake.RawFile;
import org.bankdata.lake.RawLanding;
import org.bankdata.source.rest.JsonPage;
import org.bankdata.source.rest.JsonPageClient;
import org.bankdata.source.rest.TopSkipPaging;

/**
 * Fetches every fees page for a set of institutions from the Olinda service, a bounded number of
 * institutions at a time, and lands each page's exact bytes under raw/fees. The first failure that
 * retries cannot fix stops the whole extraction.
 */
public final class FeesExtractor {
    public static final String SOURCE = "fees";

    private final OlindaFeesApi api;
    private final int pageSize;
    private final int concurrency;
    private final JsonPageClient client;

    public FeesExtractor(OlindaFeesApi api, int pageSize, int concurrency) {
        this.api = api;
        this.pageSize = pageSize;
        this.concurrency = concurrency;
        this.client = new JsonPageClient("value", Duration.ofSeconds(30), 3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /**
     * One small request ({@code $top=1}) to learn early, before any Spark work, whether the service answers;
     * throws the same error a failed extraction would.
     */
    public void probe() {
        client.fetch(api.pageUri(PersonType.J, "00000000", 1, 0));
    }

    public List<FeePage> extract(List<String> cnpj8s, PersonType personType, RawLanding landing) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, cnpj8s.size())), r -> {
            Thread t = new Thread(r, "fees-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<FeePage>>> futures = new ArrayList<>();
            for (String cnpj8 : cnpj8s) {
                futures.add(pool.submit(() -> fetchInstitution(personType, cnpj8, landing)));
            }
            List<FeePage> pages = new ArrayList<>();
            for (Future<List<FeePage>> future : futures) {
                pages.addAll(Futures.await(future, "fetching fees"));
            }
            return pages;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<FeePage> fetchInstitution(PersonType personType, String cnpj8, RawLanding landing) {
        List<JsonPage> pages = TopSkipPaging.fetchAll(client, pageSize, skip -> api.pageUri(personType, cnpj8, pageSize, skip));
        List<FeePage> landed = new ArrayList<>();
        int skip = 0;
        for (JsonPage page : pages) {
            RawFile file = landing.land(SOURCE, page.uri().toString(), FeePage.fileName(personType, cnpj8, skip), page.body(),
                    page.records(), page.fetchedAt());
            landed.add(new FeePage(personType, cnpj8, skip, page.uri().toString(), page.fetchedAt(), file.storedAs(),
                    page.records(), page.attempts()));
            skip += pageSize;
        }
        return landed;
    }
}
