package org.bankdata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.query.JsonSafeIntegers;
import org.bankdata.query.QueryResult;

/**
 * Writes a query result as an aligned table, CSV (RFC 4180) or JSON (an array of objects; keys and
 * integers beyond 2^53 as strings, see {@link JsonSafeIntegers}).
 */
public final class ResultPrinter {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private static final CsvMapper CSV = new CsvMapper();

    private ResultPrinter() {
    }

    public static void print(QueryResult result, OutputFormat format, PrintWriter out) {
        switch (format) {
            case table -> out.print(table(result));
            case csv -> out.print(csv(result));
            case json -> out.println(json(result));
        }
        out.flush();
    }

    /** Aligned columns; numbers right-aligned; null shown as empty. */
    public static String table(QueryResult result) {
        int n = result.columns().size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            width[c] = result.columns().get(c).length();
            numeric[c] = true;
        }
        for (List<Object> row : result.rows()) {
            String[] line = new String[n];
            for (int c = 0; c < n; c++) {
                Object v = row.get(c);
                line[c] = text(v);
                width[c] = Math.max(width[c], line[c].length());
                if (v != null && !(v instanceof Number)) {
                    numeric[c] = false;
                }
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, result.columns().toArray(String[]::new), width, numeric);
        String[] rule = new String[n];
        for (int c = 0; c < n; c++) {
            rule[c] = "-".repeat(width[c]);
        }
        appendLine(sb, rule, width, numeric);
        cells.forEach(line -> appendLine(sb, line, width, numeric));
        sb.append("(").append(result.rows().size()).append(result.rows().size() == 1 ? " row" : " rows").append(")\n");
        return sb.toString();
    }

    public static String csv(QueryResult result) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        result.columns().forEach(schema::addColumn);
        try {
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<Object> row : result.rows()) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int c = 0; c < row.size(); c++) {
                    m.put(result.columns().get(c), row.get(c) == null ? "" : text(row.get(c)));
                }
                rows.add(m);
            }
            if (rows.isEmpty()) {
                return String.join(",", result.columns()) + "\n";
            }
            return CSV.writer(schema.build()).writeValueAsString(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(QueryResult result) {
        try {
            return JSON.writeValueAsString(asObjects(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> asObjects(QueryResult result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : JsonSafeIntegers.apply(result).rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < row.size(); c++) {
                m.put(result.columns().get(c), row.get(c));
            }
            rows.add(m);
        }
        return rows;
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    private static void appendLine(StringBuilder sb, String[] cells, int[] width, boolean[] numeric) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String cell = cells[c];
            int pad = width[c] - cell.length();
            if (numeric[c]) {
                sb.append(" ".repeat(pad)).append(cell);
            } else {
                sb.append(cell);
                if (c < cells.length - 1) {
                    sb.append(" ".repeat(pad));
                }
            }
        }
        sb.append('\n');
    }
}
