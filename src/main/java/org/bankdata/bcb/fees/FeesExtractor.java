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
 * policy lets stand are reused without a request once their pages pass their check ({@link FeeAnswerStore#damage}:
 * each page there, with the bytes it was landed with), and fetched again otherwise. An answer the service keeps
 * sending unusable (not JSON, no record array: a {@link BadAnswerException}) is a bad answer from that institution,
 * not an outage: the last good answer the lake holds for it is kept ({@link KeptAnswer}) if it passes the same check,
 * else it is skipped; either way it is counted and reported in the result, and the others are landed. Any other
 * failure that retries cannot fix (server unreachable, refused requests) stops the whole extraction.
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
        List<String> damaged = new ArrayList<>();
        int fetched = 0;
        int reused = 0;
        long pagesFetched = 0;
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    Outcome got = settle(job, store, landing, loadId);
                    if (progress != null) {
                        progress.unitDone(got.fetched() == null ? 0 : got.fetched().size());
                    }
                    return got;
                }));
            }
            for (Future<Outcome> future : futures) {
                Outcome got = Futures.await(future, "fetching fees");
                if (got.damaged() != null) {
                    damaged.add(got.damaged());
                }
                if (got.used() != null) {
                    // a recorded answer stands: reused as the refresh policy allows, or kept for an unusable one
                    got.used().pages().forEach(landing::reuse);
                    pages.addAll(got.used().feePages(0));
                    if (got.kept() != null) {
                        kept.add(got.kept());
                    } else {
                        reused++;
                    }
                } else if (got.skipped() != null) {
                    skipped.add(got.skipped());
                } else {
                    pages.addAll(got.fetched());
                    fetched++;
                    pagesFetched += got.fetched().size();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        HttpStats after = stats();
        return new FeesExtraction(pages, jobs.size(), fetched, reused, skipped, kept, damaged, pagesFetched,
                after.requests() - before.requests(), after.retries() - before.retries(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What the run does about one answer: reuses the recorded one when the refresh policy lets it stand and its pages
     * are intact, else fetches it. An answer that comes back unusable (not JSON, no record array) gives way to the last
     * recorded one if that is intact, else it is skipped: an unusable answer concerns one institution, not the run.
     */
    private Outcome settle(Job job, FeeAnswerStore store, RawLanding landing, String loadId) {
        String damage = null;
        if (job.reuse() != null) {
            damage = store.damage(job.reuse());
            if (damage == null) {
                return new Outcome(job.reuse(), null, null, null, null);
            }
        }
        try {
            return new Outcome(null, fetchAnswer(job.personType(), job.cnpj8(), store, landing, loadId), null, null,
                    damage == null ? null : job.describe() + ": " + damage);
        } catch (BadAnswerException e) {
            FeeAnswer last = job.last();
            String lastDamage = last == null ? null : last == job.reuse() ? damage : store.damage(last);
            String damaged = lastDamage == null ? null : job.describe() + ": " + lastDamage;
            if (last != null && lastDamage == null) {
                return new Outcome(last, null, new KeptAnswer(job.personType(), job.cnpj8(), last.fetchedAt(), e.getMessage()),
                        null, null);
            }
            String reason = lastDamage == null ? e.getMessage()
                    : e.getMessage() + "; the recorded answer cannot stand in: " + lastDamage;
            return new Outcome(null, null, null, new SkippedAnswer(job.personType(), job.cnpj8(), reason), damaged);
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
        String describe() {
            return personType + " " + cnpj8;
        }
    }

    /**
     * One answer's outcome: {@code used}, a recorded answer the run uses (with {@code kept} when it stands in for an
     * unusable one), or {@code fetched}, the pages landed now, or {@code skipped}; {@code damaged}: the recorded answer
     * that failed its check ({@link FeeAnswerStore#damage}), or null.
     */
    private record Outcome(FeeAnswer used, List<FeePage> fetched, KeptAnswer kept, SkippedAnswer skipped, String damaged) {
    }
}
