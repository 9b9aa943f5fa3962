package org.bankdata.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * How a run asks the BCB fees service (Olinda): where, in pages of what size, how many institutions at
 * once, how politely (rate, timeout, retries: {@link HttpPolicy}), for which person types, and which
 * recorded answers it fetches again.
 *
 * @param apiUrl      base of the service, ending in /odata; null for the embedded replay of the bundled recordings
 * @param pageSize    {@code $top} of each request
 * @param concurrency institutions fetched at once
 * @param personTypes J, F or both
 * @param refresh     which recorded answers are fetched again
 * @param http        timeout, retries, backoff and rate limit
 */
public record FeesApiConfig(@Identifying URI apiUrl, @Identifying int pageSize, int concurrency,
        @Identifying List<PersonType> personTypes, @Identifying RefreshPolicy refresh,
        HttpPolicy http) {
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Requests per second against a real service when --api-rate is not given; the embedded replay has no limit. */
    public static final int DEFAULT_LIVE_RATE = 10;
    /** {@code --person-type}'s default: legal persons only (what the bundled recordings hold). */
    public static final String DEFAULT_PERSON_TYPES = "J";
    /** {@code --refresh}'s default: fetch only what has no recorded answer. */
    public static final String DEFAULT_REFRESH = "missing";
    public static final String LIVE_EXAMPLE =
            "https://olinda.bcb.gov.br/olinda/servico/Informes_ListaTarifasPorInstituicaoFinanceira/versao/v1/odata";

    public FeesApiConfig {
        Objects.requireNonNull(personTypes, "personTypes");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(http, "http");
        personTypes = List.copyOf(personTypes);
        if (personTypes.isEmpty()) {
            throw new UsageException("--person-type must name J, F or both");
        }
        if (apiUrl != null) {
            String scheme = apiUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new UsageException("--api-url " + apiUrl + " must be an http(s) URL ending in /odata, e.g. " + LIVE_EXAMPLE);
            }
            if (apiUrl.getPath() == null || !apiUrl.getPath().replaceAll("/+$", "").endsWith("/odata")) {
                throw new UsageException("--api-url " + apiUrl + " must end in /odata (the base of the Olinda service)");
            }
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new UsageException("--api-page-size must be between 1 and 10000, got " + pageSize);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new UsageException("--api-concurrency must be between 1 and 256, got " + concurrency);
        }
    }

    /** The defaults: embedded replay, pages of 100, 4 at once, person type J, refresh missing, default HTTP policy. */
    public static FeesApiConfig defaults() {
        return new FeesApiConfig(null, DEFAULT_PAGE_SIZE, DEFAULT_CONCURRENCY, PersonType.parseChoice(DEFAULT_PERSON_TYPES),
                RefreshPolicy.parse(DEFAULT_REFRESH), HttpPolicy.defaults());
    }

    public boolean usesReplay() {
        return apiUrl == null;
    }

    public FeesApiConfig withApiUrl(URI url) {
        return new FeesApiConfig(url, pageSize, concurrency, personTypes, refresh, http);
    }

    public FeesApiConfig withPageSize(int size) {
        return new FeesApiConfig(apiUrl, size, concurrency, personTypes, refresh, http);
    }

    public FeesApiConfig withConcurrency(int n) {
        return new FeesApiConfig(apiUrl, pageSize, n, personTypes, refresh, http);
    }

    public FeesApiConfig withRefresh(RefreshPolicy policy) {
        return new FeesApiConfig(apiUrl, pageSize, concurrency, personTypes, policy, http);
    }

    public FeesApiConfig withPersonTypes(List<PersonType> types) {
        return new FeesApiConfig(apiUrl, pageSize, concurrency, types, refresh, http);
    }

    public FeesApiConfig withHttp(HttpPolicy policy) {
        return new FeesApiConfig(apiUrl, pageSize, concurrency, personTypes, refresh, policy);
    }
}
