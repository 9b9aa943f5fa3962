package org.bankdata.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule for integers in every JSON answer (the CLI's {@code --format json} and the serve API): a JSON
 * number above 2^53 is rounded by JavaScript and jq (institution_key 7510374909018285005 would come back
 * as 7510374909018285000), so such values are written as JSON strings, by column so a column keeps one
 * JSON type in an answer:
 * <ul>
 *   <li>key columns (name ending in {@code _key}: identifiers, never arithmetic) are always strings;</li>
 *   <li>any other column is strings when one of its integers (BIGINT, HUGEINT) in this answer lies beyond
 *       ±(2^53 − 1); otherwise its numbers stay numbers (counts and sums are far below that).</li>
 * </ul>
 * Column names and order are unchanged; CSV and tables are not affected.
 */
public final class JsonSafeIntegers {
    /** The largest integer a JavaScript number holds exactly: 2^53 − 1. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final BigInteger MAX_SAFE = BigInteger.valueOf(MAX_SAFE_INTEGER);

    private JsonSafeIntegers() {
    }

    /** {@code result} with the values of the columns the rule names turned into strings (nulls stay null). */
    public static QueryResult apply(QueryResult result) {
        boolean[] text = textColumns(result);
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> out = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                out.add(text[c] && v != null ? asText(v) : v);
            }
            rows.add(out);
        }
        return new QueryResult(result.columns(), rows);
    }

    /** Which columns of {@code result} are written as strings. */
    static boolean[] textColumns(QueryResult result) {
        int n = result.columns().size();
        boolean[] text = new boolean[n];
        for (int c = 0; c < n; c++) {
            text[c] = result.columns().get(c).endsWith("_key");
        }
        for (List<Object> row : result.rows()) {
            for (int c = 0; c < n; c++) {
                text[c] = text[c] || beyondSafe(row.get(c));
            }
        }
        return text;
    }

    static boolean beyondSafe(Object v) {
        if (v instanceof Long l) {
            return Math.abs(l) > MAX_SAFE_INTEGER || l == Long.MIN_VALUE;
        }
        if (v instanceof BigInteger b) {
            return b.abs().compareTo(MAX_SAFE) > 0;
        }
        if (v instanceof BigDecimal d && (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0)) {
            return d.abs().compareTo(new BigDecimal(MAX_SAFE)) > 0;
        }
        return false;
    }

    private static String asText(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }
}
