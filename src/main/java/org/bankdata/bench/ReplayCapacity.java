package org.bankdata.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.concurrent.Futures;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.PersonType;
import org.bankdata.errors.SourceUnavailableException;

/**
 * What the replay the bench serves can answer on its own: every recorded institution's first page requested as the
 * pipeline asks for it (the same URLs, page size and number of requests in flight), by a client that only reads and
 * discards the answers (no JSON, no landing, no Spark). The pipeline's extract_fees requests per second read against
 * this figure say what the step costs beyond the HTTP exchange itself, on the same cores.
 */
final class ReplayCapacity {
    private ReplayCapacity() {
    }

    /** Requests per second of one pass over every recorded institution, {@code concurrency} requests in flight. */
    static double requestsPerSecond(FeesReplayServer replay, int concurrency) {
        OlindaFeesApi api = new OlindaFeesApi(replay.baseUrl());
        List<URI> pages = replay.cnpjs(PersonType.J).stream()
                .map(cnpj -> api.pageUri(PersonType.J, cnpj, FeesApiConfig.DEFAULT_PAGE_SIZE, 0)).toList();
        if (pages.isEmpty()) {
            return Double.NaN;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < pages.size(); n = next.getAndIncrement()) {
                        get(client, pages.get(n));
                    }
                    return null;
                }));
            }
            workers.forEach(w -> Futures.await(w, "asking the replay"));
        } finally {
            pool.shutdownNow();
        }
        return pages.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void get(HttpClient client, URI page) throws IOException, InterruptedException {
        HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 200) {
            throw new SourceUnavailableException("the bench's replay answered " + answer.statusCode() + " to " + page, null);
        }
    }
}
