package org.bankdata.bcb.fees;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bankdata.concurrent.Futures;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.errors.BadAnswerException;
import org.bankdata.lake.RawFile;
import org.bankdata.lake.RawLanding;
import org.bankdata.source.rest.FetchProgressBar;
import org.bankdata.config.HttpPolicy;
import org.bankdata.source.rest.HttpStats;
import org.bankdata.source.rest.JsonPage;
import org.bankdata.source.rest.JsonPageClient;
import org.bankdata.source.rest.ResilientHttp;
import org.bankdata.source.rest.TopSkipPaging;
import org.bankdata.config.PersonType;

/**
 * Fetches the fees of a set of institutions from the Olinda service, a bounded number at a time, through one
 * {@link ResilientHttp} (retries, circuit breaker, rate limit shared by all threads). Each answer (person type
 * × CNPJ root, every page) is landed under the {@link FeeAnswerStore} and recorded whole; answers the refresh
 * policy lets stand are reused without a request. An answer the service keeps sending unusable (not JSON, no
 * record array: a {@link BadAnswerException}) is a bad answer from that institution, not an outage: the last
 * good answer the lake holds for it is kept ({@link KeptAnswer}), else it is skipped; either way it is counted and
 * reported in the result, and the others are landed. Any other failure that retries
 * cannot fix (server unreachable, refused requests) stops the whole extraction.
 */
public final class FeesExtractor {
    public static final String SOURCE = "fees";
    static final String HINT = "--api-url is right (the base of the service, ending in /odata; leave --api-url out"
            + " to use the bundled replay)";

    private final OlindaFeesApi api;
    private final int pageSize;
    private final int concurrency;
    private final JsonPageClient client;

    public FeesExtractor(OlindaFeesApi api, int pageSize, int concurrency, HttpPolicy policy) {
        this.api = api;
        this.pageSize = pageSize;
        this.concurrency = concurrency;
        this.client = new JsonPageClient("value", new ResilientHttp(policy, HINT));
    }

    public FeesExtractor(OlindaFeesApi api, int pageSize, int concurrency) {
        this(api, pageSize, concurrency, HttpPolicy.defaults());
    }

    /**
     * One small request ({@code $top=1}, at most 2 retries) to learn early, before any Spark work, whether the
     * service answers; throws the same error a failed extraction would.
     */
    public void probe() {
        HttpPolicy policy = client.http().policy();
        new JsonPageClient("value", new ResilientHttp(policy.withRetries(Math.min(2, policy.maxRetries())), HINT))
                .fetch(api.pageUri(PersonType.J, "00000000", 1, 0));
    }

    public HttpStats stats() {
        return client.http().stats();
    }

    /**
     * Makes sure the lake holds an answer for every person type × CNPJ root that {@code refresh} wants, and
     * returns the pages of the answers this run uses (fetched now or reused), listed in the run's manifest.
     *
     * @param progress drawn while fetching, or null
     */
    public FeesExtraction extract(List<String> cnpj8s, List<PersonType> personTypes, RefreshPolicy refresh,
            FeeAnswerStore store, RawLanding landing, String loadId, FetchProgressBar progress) {
        long t0 = System.nanoTime();
        HttpStats before = stats();
        Map<String, FeeAnswer> recorded = store.latest();
        Instant now = Instant.now();
        List<Job> jobs = new ArrayList<>();
        for (PersonType type : personTypes) {
            for (String cnpj8 : cnpj8s) {
                FeeAnswer last = recorded.get(FeeAnswerStore.key(type, cnpj8));
                jobs.add(new Job(type, cnpj8, refresh.fetch(last == null ? null : last.fetchedAt(), now) ? null : last, last));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, jobs.size())), r -> {
            Thread t = new Thread(r, "fees-fetch");
            t.setDaemon(true);
            return t;
        });
        List<FeePage> pages = new ArrayList<>();
        List<SkippedAnswer> skipped = new ArrayList<>();
        List<KeptAnswer> kept = new ArrayList<>();
        int fetched = 0;
        long pagesFetched = 0;
        try {
            List<Future<Fetched>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(job.reuse() != null ? null : pool.submit(() -> {
                    Fetched got = fetchOrSkip(job, store, landing, loadId);
                    if (progress != null) {
                        progress.unitDone(got.pages().size());
                    }
                    return got;
                }));
            }
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                if (job.reuse() != null) {
                    job.reuse().pages().forEach(landing::reuse);
                    pages.addAll(job.reuse().feePages(0));
                    if (progress != null) {
                        progress.unitDone(0);
                    }
                } else {
                    Fetched got = Futures.await(futures.get(i), "fetching fees");
                    if (got.skipped() != null && job.last() != null) {
                        // a refresh that got a bad answer keeps the last good one
                        job.last().pages().forEach(landing::reuse);
                        pages.addAll(job.last().feePages(0));
                        kept.add(new KeptAnswer(job.personType(), job.cnpj8(), job.last().fetchedAt(), got.skipped().reason()));
                    } else if (got.skipped() != null) {
                        skipped.add(got.skipped());
                    } else {
                        pages.addAll(got.pages());
                        fetched++;
                        pagesFetched += got.pages().size();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        HttpStats after = stats();
        int reused = (int) jobs.stream().filter(j -> j.reuse() != null).count();
        return new FeesExtraction(pages, jobs.size(), fetched, reused, skipped, kept, pagesFetched,
                after.requests() - before.requests(), after.retries() - before.retries(), (System.nanoTime() - t0) / 1e9);
    }

    /** The answer's landed pages, or why it was skipped: an unusable answer concerns one institution, not the run. */
    private Fetched fetchOrSkip(Job job, FeeAnswerStore store, RawLanding landing, String loadId) {
        try {
            return new Fetched(fetchAnswer(job.personType(), job.cnpj8(), store, landing, loadId), null);
        } catch (BadAnswerException e) {
            return new Fetched(List.of(), new SkippedAnswer(job.personType(), job.cnpj8(), e.getMessage()));
        }
    }

    private List<FeePage> fetchAnswer(PersonType personType, String cnpj8, FeeAnswerStore store, RawLanding landing,
            String loadId) {
        List<JsonPage> got = new TopSkipPaging(pageSize, skip -> api.pageUri(personType, cnpj8, pageSize, skip)).fetchAll(client);
        Instant fetchedAt = got.get(got.size() - 1).fetchedAt();
        String dir = store.answerDir(personType, cnpj8, fetchedAt, loadId);
        List<RawFile> files = new ArrayList<>();
        List<Integer> skips = new ArrayList<>();
        List<FeePage> landed = new ArrayList<>();
        int skip = 0;
        for (JsonPage page : got) {
            RawFile file = landing.landAt(SOURCE, page.uri().toString(), dir + "/" + FeePage.fileName(personType, cnpj8, skip),
                    page.body(), page.records(), page.fetchedAt());
            files.add(file);
            skips.add(skip);
            landed.add(new FeePage(personType, cnpj8, skip, page.uri().toString(), page.fetchedAt(), file.storedAs(),
                    page.records(), page.attempts(), loadId));
            skip += pageSize;
        }
        store.record(dir, new FeeAnswer(personType, cnpj8, loadId, fetchedAt, skips, files));
        return landed;
    }

    /** {@code reuse}: the recorded answer to use without a request (null: fetch); {@code last}: the recorded answer, if any. */
    private record Job(PersonType personType, String cnpj8, FeeAnswer reuse, FeeAnswer last) {
    }

    private record Fetched(List<FeePage> pages, SkippedAnswer skipped) {
    }
}
