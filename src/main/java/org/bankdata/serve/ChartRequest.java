package org.bankdata.serve;

import java.util.Locale;
import java.util.Map;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.UsageException;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.InstitutionFilter;

/**
 * One chart as the API is asked for it: which answer, which quarters, which institutions, how many rows.
 * Rankings keep their top N; the scatter keeps the N institutions with the most complaints.
 */
record ChartRequest(ChartQuery chart, QuarterRange range, InstitutionFilter filter, Integer limit, String parameter) {
    static final int MAX_LIMIT = 500;

    /**
     * Parses the query parameters {@code from, to, type, segment, limit} and the chart's own one ({@code top},
     * {@code min-clients} or {@code service}); bad values are a 400.
     */
    static ChartRequest parse(String slug, Map<String, String> params) {
        ChartQuery chart;
        try {
            chart = ChartQuery.bySlug(slug);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "no chart named '" + slug + "'; charts: " + String.join(", ",
                    java.util.Arrays.stream(ChartQuery.values()).map(ChartQuery::slug).toList()));
        }
        try {
            QuarterRange range = QuarterRange.of(blank(params.get("from")), blank(params.get("to")));
            InstitutionFilter filter = new InstitutionFilter(params.get("type"), params.get("segment"));
            String parameter = chart.parameter().map(p -> blank(params.get(p.name()))).orElse(null);
            ChartRequest request = new ChartRequest(chart, range, filter, limit(blank(params.get("limit"))), parameter);
            request.sql(); // a bad parameter is a 400 now, not a failed query later
            return request;
        } catch (UsageException e) {
            throw ApiException.badRequest(e.getMessage().replace("--from", "from").replace("--to", "to"));
        }
    }

    private static Integer limit(String text) {
        if (text == null || text.toLowerCase(Locale.ROOT).equals("all")) {
            return null;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest("limit '" + text + "' must be a whole number from 1 to " + MAX_LIMIT + ", or all");
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Rows asked for: the given limit, else the published default (top 10; the whole scatter). */
    int effectiveLimit() {
        if (limit != null) {
            return limit;
        }
        return chart.defaultLimit();
    }

    String sql() {
        if (chart == ChartQuery.SERVICES_VS_COMPLAINTS) {
            String all = chart.sql(range, chart.defaultLimit(), filter);
            if (limit == null) {
                return all;
            }
            return "SELECT * FROM (" + all + ") ORDER BY total_complaints DESC, institution_name, institution_key LIMIT " + limit;
        }
        return chart.sql(range, effectiveLimit(), filter, parameter);
    }
}
