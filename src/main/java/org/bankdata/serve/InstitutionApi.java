package org.bankdata.serve;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.query.InstitutionProfile;
import org.bankdata.query.QueryResult;

/**
 * The institution API: search by name and one institution's profile (its page's data), over the current
 * snapshot, with the same time limit as every other query. Keys are strings in JSON (see {@link JsonSafeIntegers}).
 */
final class InstitutionApi {
    private static final int MAX_QUERY_CHARS = 100;

    private final DashboardApi api;
    private final PublishedLake lake;
    private final BoundedQuery queries;

    InstitutionApi(DashboardApi api, PublishedLake lake, BoundedQuery queries) {
        this.api = api;
        this.lake = lake;
        this.queries = queries;
    }

    /** {@code GET /api/institutions?q=NAME}: institutions whose name contains it (accents and case ignored), or CNPJ root. */
    void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("give a name to search for, e.g. /api/institutions?q=itau");
        }
        if (q.length() > MAX_QUERY_CHARS) {
            throw ApiException.badRequest("q is longer than " + MAX_QUERY_CHARS + " characters");
        }
        try (PublishedLake.Lease lease = lake.lease()) {
            QueryResult found = queries.read(lease.connection(), InstitutionProfile.searchSql(q), Integer.MAX_VALUE).result();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("q", q);
            body.put("rows", DashboardApi.objects(found));
            body.put("rowCount", found.rows().size());
            body.put("limit", InstitutionProfile.SEARCH_LIMIT);
            body.put("runId", lease.snapshot().runId());
            api.send(ctx, 200, body);
        }
    }

    /**
     * {@code GET /api/institutions/{key}}: the institution, its names over the quarters, its quarters, its current fees
     * (with a note saying whose schedule it is or why there is none) and free services; 404 if unknown.
     */
    void profile(Context ctx) {
        String text = ctx.pathParam("key");
        long key;
        try {
            key = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "no institution with key '" + text + "': a key is a whole number, as in"
                    + " /api/institutions?q=NAME answers");
        }
        try (PublishedLake.Lease lease = lake.lease()) {
            InstitutionProfile profile = InstitutionProfile.read(
                    sql -> queries.read(lease.connection(), sql, Integer.MAX_VALUE).result(), key);
            if (profile == null) {
                throw new ApiException(404, "no institution with key " + key + " in the published tables (run "
                        + lease.snapshot().runId() + "); find one with /api/institutions?q=NAME");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("institution", DashboardApi.objects(profile.institution()).get(0));
            body.put("names", DashboardApi.objects(profile.names()));
            body.put("quarters", DashboardApi.objects(profile.quarters()));
            body.put("fees", DashboardApi.objects(profile.fees()));
            body.put("feeNote", profile.feeNote());
            body.put("freeServices", DashboardApi.objects(profile.freeServices()));
            body.put("runId", lease.snapshot().runId());
            api.send(ctx, 200, body);
        }
    }

}
