package org.bankdata.reference;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.QueryResult;

/**
 * The three chart answers, without surrogate keys (each engine keys institutions with its own hash): per
 * chart, the rows in order as (institution name, measures...). Two builds agree when these are equal: numbers
 * by value, dates as ISO text.
 */
public record ChartAnswers(Map<ChartQuery, List<List<Object>>> rows) {
    public ChartAnswers {
        rows = Map.copyOf(rows);
    }

    /** Reads each chart with {@code query} (e.g. a published lake, or the reference's database). */
    public static ChartAnswers of(Function<ChartQuery, QueryResult> query) {
        Map<ChartQuery, List<List<Object>>> rows = new EnumMap<>(ChartQuery.class);
        for (ChartQuery chart : ChartQuery.values()) {
            QueryResult result = query.apply(chart);
            int key = result.columnIndex("institution_key");
            List<List<Object>> out = new ArrayList<>();
            for (List<Object> row : result.rows()) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    if (i != key) {
                        values.add(row.get(i));
                    }
                }
                out.add(values);
            }
            rows.put(chart, out);
        }
        return ofRows(rows);
    }

    /** From rows already without keys (e.g. read back from JSON); numbers are compared by value. */
    public static ChartAnswers ofRows(Map<ChartQuery, List<List<Object>>> rows) {
        Map<ChartQuery, List<List<Object>>> normal = new EnumMap<>(ChartQuery.class);
        rows.forEach((chart, list) -> normal.put(chart, list.stream()
                .map(row -> row.stream().map(ChartAnswers::normal).toList()).toList()));
        return new ChartAnswers(normal);
    }

    /** Human-readable differences (empty when both agree), at most a few per chart. */
    public List<String> differences(ChartAnswers other, String thisName, String otherName) {
        List<String> diffs = new ArrayList<>();
        for (ChartQuery chart : ChartQuery.values()) {
            List<List<Object>> a = rows.get(chart);
            List<List<Object>> b = other.rows.get(chart);
            if (a.size() != b.size()) {
                diffs.add(chart.table() + ": " + thisName + " has " + a.size() + " rows, " + otherName + " " + b.size());
            }
            int shown = 0;
            for (int i = 0; i < Math.min(a.size(), b.size()) && shown < 3; i++) {
                if (!a.get(i).equals(b.get(i))) {
                    diffs.add(chart.table() + " row " + (i + 1) + ": " + thisName + " " + a.get(i) + ", " + otherName + " " + b.get(i));
                    shown++;
                }
            }
        }
        return diffs;
    }

    private static Object normal(Object v) {
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros();
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (v instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (v instanceof TemporalAccessor date) {
            return date.toString(); // ISO, e.g. 2021-03-31: as the reference's JSON writes a date
        }
        return v;
    }
}
